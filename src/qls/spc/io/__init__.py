"""CSV in (``reading``) and out (``writing``) for the ``qls spc`` command line."""
