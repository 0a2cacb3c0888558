"""Keeping received photos: an Attachment row per picture (file id and, when downloaded, the stored file)."""

from __future__ import annotations

from bot.intake.inbound import Photo
from bot.intake.turn import Turn
from models.intake import Attachment


async def save_photo(turn: Turn, photo: Photo) -> Attachment:
    """Called inside the commit transaction, so a redelivered update never stores the picture twice."""
    return await Attachment.create(
        session_id=turn.session_id,
        channel=turn.inbound.channel,
        file_id=photo.file_id[:255],
        path=photo.path[:255],
        mime=photo.mime[:64],
        size=photo.size,
        created_at=turn.now,
    )


def photo_note(turn: Turn, photo: Photo) -> None:
    """Tell the customer when only the file id could be kept (e.g. the Bot API peer cannot serve files)."""
    if not photo.path:
        turn.say("photo_unavailable")
