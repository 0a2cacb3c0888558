"""Domain core: tortoise models, one module per aggregate, and the lifecycle rules that keep them valid.

Nothing here imports an adapter (bot/, backoffice/) or reads the environment.
"""

MODEL_MODULES = [
    "models.staff",
    "models.customer",
    "models.ticket",
    "models.event",
    "models.deadline",
    "models.outbox",
    "models.intake",
    "models.survey",
    "models.approval",
    "models.investigation",
    "models.config",
    "models.search",
    "models.login_throttle",
    "models.sanbao.store",
]

# Model class docstrings become SQL table comments, which tortoise 1.1.9 does not escape:
# keep apostrophes and semicolons out of them (tests/unit/test_model_docstrings.py checks).
