"""Publishing: what is made from the executed runs and the built book, for readers.

Nothing here computes a finding; it presents what the runs computed. Five modules:

- :mod:`~localwelfare.publishing.sphinxext`: the Sphinx extension every book of the compendium
  lists in its ``_config.yml`` (footer with version and commit, glue from the report's runs in
  the small books, the chapters' BibTeX, the manifest's tables, accessibility fixes);
- :mod:`~localwelfare.publishing.printing`: HTML to PDF with Debian's Chromium;
- :mod:`~localwelfare.publishing.publications`: the report as one PDF, the brochure, the training
  package, the policy briefs and BBOX's short report, each made by
  ``python -m localwelfare publish WHAT`` (:mod:`localwelfare.commands.publish`);
- :mod:`~localwelfare.publishing.slides`: the final-conference slides, made from the briefs;
- :mod:`~localwelfare.publishing.waiting_build`: Jupyter Book's build command with its imports
  done ahead of need (the pipeline starts it while the runs execute).
"""
