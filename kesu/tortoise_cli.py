"""Config for the `tortoise` developer CLI (makemigrations): `tortoise -c kesu.tortoise_cli.CONFIG …`."""

from kesu.db import tortoise_config

CONFIG = tortoise_config("sqlite://:memory:")
