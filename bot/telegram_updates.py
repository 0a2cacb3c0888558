"""Translating a Telegram update into the dialogue's channel-neutral `Inbound`."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import MessageEntityType

from bot.intake.inbound import Inbound, Kind, Photo
from models.enums import Channel


def chat_key(update: Update) -> int | None:
    chat = update.effective_chat
    return chat.id if chat is not None else None


def to_inbound(update: Update, *, bot_id: str, photo: Photo | None = None) -> Inbound | None:
    """None for updates that carry nothing for the dialogue (edits, channel posts, member changes)."""
    chat_id = chat_key(update)
    if chat_id is None:
        return None
    user = update.effective_user
    base = {
        "channel": Channel.TELEGRAM,
        "chat_id": str(chat_id),
        # update_id counts per bot: with the bot id in the key a new token cannot collide with old keys.
        "update_key": f"tg:{bot_id}:{update.update_id}",
        "language": user.language_code if user else None,
    }
    if update.callback_query is not None:
        return Inbound(**base, kind=Kind.CALLBACK, data=update.callback_query.data or "")
    message = update.message
    if message is None:
        return None
    if photo is not None:
        return Inbound(**base, kind=Kind.PHOTO, text=message.caption or "", photo=photo)
    command = _command(message)
    if command is not None:
        name, argument = command
        return Inbound(**base, kind=Kind.COMMAND, data=name, text=argument)
    if message.text is not None:
        return Inbound(**base, kind=Kind.TEXT, text=message.text)
    return Inbound(**base, kind=Kind.UNSUPPORTED)


def _command(message: Message) -> tuple[str, str] | None:
    text = message.text or ""
    entities = message.entities or ()
    is_command = any(e.type == MessageEntityType.BOT_COMMAND and e.offset == 0 for e in entities)
    # Some peers (and old clients) send no entities: a leading slash word is still a command.
    if not is_command and not (text.startswith("/") and len(text) > 1 and text[1].isalpha()):
        return None
    head, _, argument = text.partition(" ")
    return head[1:].split("@", 1)[0].lower(), argument.strip()


def photo_file(message: Message | None) -> tuple[str, str, str] | None:
    """(file_id, file_unique_id, mime) of the best picture in a message: a photo or an image document."""
    if message is None:
        return None
    if message.photo:
        best = message.photo[-1]  # sizes come smallest first
        return best.file_id, best.file_unique_id, "image/jpeg"
    document = message.document
    if document is not None and (document.mime_type or "").startswith("image/"):
        return document.file_id, document.file_unique_id, document.mime_type or "image/jpeg"
    return None
