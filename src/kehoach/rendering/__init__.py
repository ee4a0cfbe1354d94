"""From a plan to the bytes of a .docx (the rendering pipeline).

Data flows one way through its modules:

* :mod:`.conventions`: the decree's wording rules as pure functions (dates, numbers, capitals);
* :mod:`.context`: a plan turned into the strings and lists the template reads (numbering);
* :mod:`.template_builder`: the template (``templates/ke_hoach.docx``), all layout, as code;
* :mod:`.templating` and :mod:`.engine`: a template prepared once, rendered many times
  (:mod:`.environment` is the Jinja environment, :mod:`.sandbox` its sandboxed variant for
  templates from outside kehoach);
* :mod:`.package`: deterministic, atomic writing of the package.

Imports :mod:`kehoach.model`, :mod:`kehoach.layout` and :mod:`kehoach.errors`, nothing above.
"""
