"""Bad input never crashes a chat or loses a message."""

from __future__ import annotations

from intake_script import walk_to_readback

from models.ticket import Ticket


async def test_ten_thousand_characters_are_kept_up_to_the_limit_and_the_customer_is_told(customer, settings):
    await customer.command("start")
    reply = await customer.say("漏" * 10_000)
    assert "10000" in reply.text and str(settings.max_message_chars) in reply.text
    assert len((await customer.session()).draft["description"]) == settings.max_message_chars


async def test_the_readback_of_a_long_description_fits_one_telegram_message(customer):
    reply = await walk_to_readback(customer, "水壶漏电。" * 800)
    assert len(reply.text) < 4096 and "已完整保存" in reply.text
    await customer.tap(await customer.confirm_button())
    assert len((await Ticket.get()).description) == 4000


async def test_emoji_html_and_sql_are_stored_verbatim(customer):
    story = "<script>alert('x')</script> 😡🔥 '; DROP TABLE ticket; -- 水壶漏电"
    await walk_to_readback(customer, story)
    await customer.tap("ed:customer_name")
    await customer.say("<b>张三</b> 😀")
    await customer.tap(await customer.confirm_button())
    ticket = await Ticket.get()
    assert ticket.description == story and ticket.customer_name == "<b>张三</b> 😀"


async def test_stickers_voice_and_locations_get_a_friendly_answer_and_the_question_again(customer):
    await customer.command("start")
    await customer.say("水壶漏电")
    reply = await customer.sticker()
    assert "文字和照片" in reply.text and "怎么称呼" in reply.text
    assert await customer.step() == "customer_name"


async def test_a_photo_while_describing_uses_its_caption_as_the_story(customer):
    await customer.command("start")
    reply = await customer.photo("AgAD1", path="a.jpg", caption="水壶漏电，看照片")
    assert "照片已收到" in reply.text and "怎么称呼" in reply.text
    session = await customer.session()
    assert session.draft["description"] == "水壶漏电，看照片" and len(session.draft["photos"]) == 1


async def test_a_photo_that_could_not_be_downloaded_keeps_its_file_id(customer):
    await customer.command("start")
    reply = await customer.photo("AgAD-nofile")
    assert "无法下载原图" in reply.text and await customer.step() == "describe"


async def test_photos_sent_during_the_draft_are_attached_to_the_ticket(customer):
    await customer.command("start")
    await customer.photo("AgAD1", path="a.jpg")
    await customer.say("水壶漏电")
    for answer in ("张三", "13812345678"):
        await customer.say(answer)
    for button in ("sk:reference", "sk:purchase_date", "dm:return", "sk:amount"):
        await customer.tap(button)
    reply = await customer.photo("AgAD2", path="b.jpg")
    assert "共 2 张" in reply.text and await customer.step() == "photos"
    assert "照片：2 张" in (await customer.tap("sk:photos")).text
    await customer.tap(await customer.confirm_button())
    ticket = await Ticket.get()
    assert set(await ticket.attachments.all().values_list("file_id", flat=True)) == {"AgAD1", "AgAD2"}


async def test_an_unknown_or_forged_button_is_answered_not_crashed(customer):
    assert "失效" in (await customer.tap("ok:deadbeef")).text
    await customer.command("start")
    assert "失效" in (await customer.tap("tk:999999")).text
    assert "失效" in (await customer.tap("lang:fr")).text


async def test_a_session_in_an_unknown_step_recovers(customer):
    await customer.command("help")
    session = await customer.session()
    await type(session).filter(id=session.id).update(step="from_a_future_version")
    reply = await customer.say("水壶漏电")
    assert "怎么称呼" in reply.text
