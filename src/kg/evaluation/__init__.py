"""Evaluation tools: they sit above the pipeline and read its output; nothing below imports them.

* :mod:`kg.evaluation.realworld` scores facts on real news reports (texts kept outside the project, gold in
  ``tests/data/realworld/``).
"""
