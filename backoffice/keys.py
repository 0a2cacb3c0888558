"""Typed keys of what the back office keeps on the application and on each request."""

from __future__ import annotations

import jinja2
from aiohttp import web

from models.i18n import Catalogue
from models.staff import Staff

# The back office's own Jinja environment; the web chat mounts its templates under another key.
JINJA = web.AppKey("backoffice_jinja", jinja2.Environment)
UI = web.AppKey("backoffice_ui", Catalogue)
# Path prefixes served to anonymous visitors (web chat, webhook); everything else needs a sign-in.
ANONYMOUS_PREFIXES = web.AppKey("backoffice_anonymous_prefixes", list)

STAFF = web.RequestKey("kesu_staff", Staff)  # the signed-in staff member (page session or API token)
LANG = web.RequestKey("kesu_lang", str)
VIA_TOKEN = web.RequestKey("kesu_via_token", bool)
