"""``kehoach types``: the registered plan types and the criteria sets."""

from __future__ import annotations

import click


@click.command("types")
def types_command() -> None:
    """Liệt kê các loại kế hoạch và các bộ tiêu chí."""
    from kehoach import registry
    from kehoach.model import catalogues

    click.echo("Loại kế hoạch:")
    for plan_type in registry.types():
        click.echo(f"  {plan_type.name:<16} {plan_type.description} "
                   f"[{plan_type.model.__name__}, {plan_type.template}]")
    click.echo("Bộ tiêu chí:")
    for catalogue in catalogues.catalogues().values():
        click.echo(f"  {catalogue.id:<24} {catalogue.name} ({len(catalogue.criteria)} "
                   f"{catalogue.kind}; {catalogue.decision})")
        until = (f" đến {catalogues.describe_date(catalogue.last_day)[5:]}"
                 if catalogue.applies_until else "")
        click.echo(f"  {'':<24} áp dụng cho kế hoạch từ "
                   f"{catalogues.describe_date(catalogue.applies_from)[5:]}{until}")
        if catalogue.unconfirmed:
            click.echo(f"  {'':<24} tên {catalogue.kind} chưa đối chiếu với văn bản Quyết định "
                       f"({len(catalogue.unconfirmed)}/{len(catalogue.criteria)}); nguồn: "
                       f"{' '.join(catalogue.source.split())}")
