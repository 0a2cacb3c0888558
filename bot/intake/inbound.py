"""What a channel hands the dialogue: one customer action, independent of Telegram or the web chat."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.enums import Channel


class Kind(StrEnum):
    TEXT = "text"
    PHOTO = "photo"
    CALLBACK = "callback"
    COMMAND = "command"
    UNSUPPORTED = "unsupported"  # stickers, voice, video, locations, documents …


@dataclass(frozen=True)
class Photo:
    """A received picture: the channel's file id, and the stored copy if the download worked."""

    file_id: str = ""
    path: str = ""  # relative to settings.uploads_dir; empty when the file could not be fetched
    mime: str = "image/jpeg"
    size: int = 0


@dataclass(frozen=True)
class Inbound:
    channel: Channel
    chat_id: str
    update_key: str  # unique per delivered update: makes a redelivery harmless
    kind: Kind
    text: str = ""  # message text, photo caption, or command argument
    data: str = ""  # callback data, or the command name without the slash
    photo: Photo | None = None
    language: str | None = None  # the client's language hint (Telegram language_code), if any

    @property
    def is_command(self) -> bool:
        return self.kind is Kind.COMMAND
