from importlib import import_module

from tortoise.models import Model

import models


def test_model_docstrings_have_no_quotes_or_semicolons_that_break_table_comments():
    for name in models.MODEL_MODULES:
        module = import_module(name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Model) and obj is not Model and obj.__doc__:
                assert "'" not in obj.__doc__ and ";" not in obj.__doc__, obj.__name__
