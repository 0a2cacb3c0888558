"""Generate a realistic complaint desk of any size, fast (bulk inserts on SQLite, COPY on PostgreSQL).

    python bench/seed.py --tickets 1000000 --database-url sqlite:///tmp/kesu-1m.db
    python bench/seed.py --tickets 1000000 --database-url postgres://postgres@127.0.0.1:5432/kesu_bench

As a library (bench/reports.py, bench/backoffice.py), with the database already open:

    from bench.seed import seed
    summary = await seed(1_000_000, seed=42)

Proportions follow a desk three years old: most tickets closed, a few percent open or awaiting the
revisit; severity A rare, C most common; chat channels dominate; about one in twelve complaints asks for
a refund (退款), so the two-character search has something realistic to find.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tortoise import connections

from models.enums import Role
from models.search import ticket_terms
from models.staff import Department, Staff, hash_password

NOW = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai, like the test clock
SPAN_DAYS = 3 * 365
BENCH_PASSWORD = "bench-password"

DEPARTMENTS = ["客服部", "质量部", "物流部", "财务部", "市场部", "售后服务部", "门店运营部"]
CATEGORY_DEPT = {
    "product_quality": "质量部",
    "service_attitude": "客服部",
    "delivery_logistics": "物流部",
    "billing_price": "财务部",
    "promotion": "市场部",
    "after_sales_repair": "售后服务部",
    "facilities": "门店运营部",
    "other": "客服部",
}


def _weighted(pairs: list[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


STATUSES = _weighted(
    [("closed", 0.905), ("resolved", 0.02), ("in_progress", 0.045), ("new", 0.025), ("reopened", 0.005)]
)
SEVERITIES = _weighted([("A", 0.02), ("B", 0.13), ("C", 0.55), ("D", 0.30)])
CHANNELS = _weighted(
    [
        ("telegram", 0.45),
        ("webchat", 0.30),
        ("phone", 0.15),
        ("visit", 0.04),
        ("letter", 0.02),
        ("email", 0.04),
    ]
)
CATEGORIES = _weighted(
    [
        ("product_quality", 0.30),
        ("service_attitude", 0.15),
        ("delivery_logistics", 0.15),
        ("billing_price", 0.12),
        ("promotion", 0.07),
        ("after_sales_repair", 0.12),
        ("facilities", 0.04),
        ("other", 0.05),
    ]
)
ROOT_CAUSES = [
    "material",
    "method",
    "design",
    "appearance",
    "packaging",
    "environment",
    "service",
    "misuse",
    "not_ours",
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅云飞海燕晨宇浩然子涵欣怡"
PRODUCTS = [
    "电水壶",
    "电饭煲",
    "空调",
    "冰箱",
    "洗衣机",
    "吹风机",
    "手机",
    "耳机",
    "运动鞋",
    "皮鞋",
    "羽绒服",
    "西装",
    "牛奶",
    "面包",
    "酸奶",
    "月饼",
    "大米",
    "食用油",
    "儿童玩具",
    "电动牙刷",
    "微波炉",
    "热水器",
    "台灯",
    "床垫",
]
PROBLEMS = {
    "product_quality": [
        "用了三天就坏了",
        "有明显划痕",
        "开胶了",
        "漏水",
        "异味很重",
        "质量太差",
        "颜色和图片不一样",
        "里面有虫子",
        "已经发霉变质",
    ],
    "service_attitude": [
        "店员态度很差",
        "客服一直不回复",
        "导购爱理不理",
        "电话打了五次没人接",
        "收银员对我大吼",
    ],
    "delivery_logistics": [
        "快递一周还没到",
        "送货员把箱子摔坏了",
        "送错了地址",
        "物流信息一直不更新",
        "配送超时两天",
    ],
    "billing_price": ["多扣了钱", "价格和标签不一致", "发票开错了", "会员折扣没有生效", "重复收费"],
    "promotion": ["满减活动不兑现", "赠品没有给", "优惠券用不了", "宣传的价格是假的"],
    "after_sales_repair": [
        "维修了两次还是不好",
        "售后上门迟到",
        "保修期内还要收费",
        "维修后又出问题",
        "换货一直拖着",
    ],
    "facilities": ["商场电梯坏了没人管", "停车场收费不合理", "卫生间很脏", "试衣间门锁坏了"],
    "other": ["会员积分不见了", "个人信息被泄露", "广告短信太多", "门店提前关门"],
}
DEMANDS = {
    "return": "要求退货退款",
    "exchange": "要求换一个新的",
    "repair": "要求免费维修",
    "compensation": "要求赔偿损失",
    "apology": "要求道歉并给个说法",
    "other": "希望尽快处理",
}
DEMAND_WEIGHTS = _weighted(
    [
        ("return", 0.22),
        ("exchange", 0.18),
        ("repair", 0.15),
        ("compensation", 0.15),
        ("apology", 0.2),
        ("other", 0.1),
    ]
)
CLOSE_REASONS = _weighted(
    [("satisfied", 0.7), ("no_response", 0.2), ("staff", 0.08), ("unsatisfied_final", 0.02)]
)


@dataclass
class SeedSummary:
    tickets: int
    seconds: float
    by_status: dict[str, int] = field(default_factory=dict)
    supervisor: str = "bench_supervisor"
    password: str = BENCH_PASSWORD


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return f"+861{rng.choice('3578')}{rng.randrange(10**9):09d}"


def _description(rng: random.Random, category: str, demand: str, product: str) -> str:
    problem = rng.choice(PROBLEMS[category])
    when = rng.choice(["上周", "前天", "昨天", "上个月", "三天前", "今天上午"])
    parts = [f"{when}在贵店买的{product}，{problem}。"]
    if rng.random() < 0.4:
        parts.append(
            rng.choice(
                [
                    "已经联系过两次了。",
                    "我非常生气。",
                    "希望你们重视。",
                    "订单号在小票上。",
                    "家里老人很着急。",
                ]
            )
        )
    ask = DEMANDS[demand]
    if demand == "return" and rng.random() < 0.35:
        ask = "要求全额退款"  # "退款" in about one complaint in twelve
    parts.append(ask + "。")
    return "".join(parts)


class _Writer:
    """Bulk insert: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self) -> None:
        self.conn = connections.get("default")
        self.pg = self.conn.capabilities.dialect == "postgres"

    def value(self, v: Any) -> Any:
        if self.pg:
            return v
        if isinstance(v, bool):
            return int(v)
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, datetime):
            return v.astimezone(UTC).isoformat(" ")
        if isinstance(v, date):
            return v.isoformat()
        return v

    async def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.pg:
            async with self.conn.acquire_connection() as con:
                await con.copy_records_to_table(table, records=rows, columns=columns)
            return
        marks = ", ".join("?" for _ in columns)
        quoted = ", ".join(f'"{c}"' for c in columns)
        await self.conn.execute_many(
            f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})',
            [[self.value(v) for v in row] for row in rows],
        )

    async def max_id(self, table: str, column: str = "id") -> int:
        rows = await self.conn.execute_query_dict(f'SELECT MAX("{column}") AS m FROM "{table}"')
        return int(rows[0]["m"] or 0)

    async def fix_sequences(self, tables: list[str]) -> None:
        if not self.pg:
            return
        for table in tables:
            await self.conn.execute_script(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM \"{table}\"), 1))"
            )


TICKET_COLUMNS = [
    "id",
    "number",
    "channel",
    "chat_id",
    "customer_name",
    "phone",
    "address",
    "reference",
    "purchase_date",
    "complaint_type",
    "description",
    "demand",
    "demand_detail",
    "amount",
    "price",
    "status",
    "category",
    "severity",
    "suggested_category",
    "suggested_severity",
    "suggestion",
    "classification_confirmed",
    "validity",
    "validity_reason",
    "root_cause",
    "root_cause_detail",
    "created_at",
    "updated_at",
    "first_contact_at",
    "resolved_at",
    "closed_at",
    "close_reason",
    "next_due_at",
    "overdue",
    "reopen_count",
    "unsatisfied_count",
    "purged_at",
    "assignee_id",
    "customer_id",
    "department_id",
]
CUSTOMER_COLUMNS = [
    "id",
    "name",
    "phone",
    "address",
    "language",
    "unreachable",
    "unreachable_reason",
    "created_at",
    "purged_at",
]
EVENT_COLUMNS = [
    "id",
    "ticket_id",
    "kind",
    "actor_id",
    "actor_customer",
    "actor_label",
    "body",
    "data",
    "internal",
    "created_at",
]
DEADLINE_COLUMNS = [
    "id",
    "ticket_id",
    "kind",
    "round",
    "started_at",
    "due_at",
    "remind_at",
    "state",
    "next_action_at",
    "claimed_until",
    "claim_token",
    "reminded_at",
    "escalated_at",
    "met_at",
]
DUE_HOURS = {"A": (0.17, 4, 24), "B": (0.5, 24, 48), "C": (4, 24, 120), "D": (8, 48, 120)}


async def _desk(rng: random.Random) -> tuple[dict[str, int], dict[str, list[tuple[int, str]]]]:
    """Departments, 8 handlers each, a supervisor per department, one admin and the bench supervisor."""
    hashed = hash_password(BENCH_PASSWORD)
    departments: dict[str, int] = {}
    handlers: dict[str, list[tuple[int, str]]] = {}
    for name in DEPARTMENTS:
        dept, _ = await Department.get_or_create(name=name)
        departments[name] = dept.id
        handlers[name] = []
        for i in range(8):
            staff, _ = await Staff.get_or_create(
                username=f"h_{dept.id}_{i}",
                defaults={
                    "display_name": _name(rng),
                    "role": Role.HANDLER,
                    "department": dept,
                    "password_hash": hashed,
                },
            )
            handlers[name].append((staff.id, staff.name))
        await Staff.get_or_create(
            username=f"sup_{dept.id}",
            defaults={
                "display_name": _name(rng),
                "role": Role.SUPERVISOR,
                "department": dept,
                "password_hash": hashed,
            },
        )
    await Staff.get_or_create(
        username="bench_supervisor",
        defaults={"display_name": "压测主管", "role": Role.SUPERVISOR, "password_hash": hashed},
    )
    await Staff.get_or_create(
        username="bench_admin",
        defaults={"display_name": "管理员", "role": Role.ADMIN, "password_hash": hashed},
    )
    return departments, handlers


async def seed(
    n: int, *, batch: int = 20_000, seed: int = 42, now: datetime = NOW, progress: bool = False
) -> SeedSummary:
    """Insert `n` tickets (with customers, events and deadlines) into the open database."""
    began = time.monotonic()
    rng = random.Random(seed)
    w = _Writer()
    departments, handlers = await _desk(rng)
    ticket_id = await w.max_id("ticket")
    customer_id = await w.max_id("customer")
    event_id = await w.max_id("ticket_event")
    deadline_id = await w.max_id("deadline")
    day_seq: dict[str, int] = {}
    by_status: dict[str, int] = {}
    customers: list[tuple[int, str, str]] = []
    done = 0
    # Creation times ascend with the id, as they do in a live desk.
    offsets = sorted(rng.random() for _ in range(n))
    while done < n:
        size = min(batch, n - done)
        t_rows, c_rows, e_rows, d_rows, s_rows = [], [], [], [], []
        for k in range(size):
            ticket_id += 1
            created = now - timedelta(days=SPAN_DAYS * (1 - offsets[done + k])) - timedelta(minutes=5)
            status = rng.choices(*STATUSES)[0]
            if created > now - timedelta(days=2) and status == "closed":
                status = "in_progress"
            severity = rng.choices(*SEVERITIES)[0]
            channel = rng.choices(*CHANNELS)[0]
            category = rng.choices(*CATEGORIES)[0]
            demand = rng.choices(*DEMAND_WEIGHTS)[0]
            if customers and rng.random() < 0.25:  # repeat customers
                cid, name, phone = rng.choice(customers[-5000:])
            else:
                customer_id += 1
                cid, name, phone = customer_id, _name(rng), _phone(rng)
                customers.append((cid, name, phone))
                c_rows.append((cid, name, phone, "", "zh", rng.random() < 0.003, "", created, None))
            product = rng.choice(PRODUCTS)
            description = _description(rng, category, demand, product)
            local_day = (created + timedelta(hours=8)).strftime("%Y%m%d")
            day_seq[local_day] = day_seq.get(local_day, 0) + 1
            number = f"KS-{local_day}-{day_seq[local_day]:04d}"
            dept_name = CATEGORY_DEPT[category]
            assignee = None if status == "new" else rng.choice(handlers[dept_name])
            first_h, solution_h, resolution_h = DUE_HOURS[severity]
            first_contact = (
                None if status == "new" else created + timedelta(hours=first_h * rng.uniform(0.2, 1.6))
            )
            resolved_at = closed_at = close_reason = next_due = None
            overdue = False
            if status in ("resolved", "closed"):
                resolved_at = created + timedelta(hours=resolution_h * rng.uniform(0.1, 1.3))
            if status == "closed":
                closed_at = resolved_at + timedelta(hours=rng.uniform(1, 72))
                close_reason = rng.choices(*CLOSE_REASONS)[0]
            if status in ("new", "in_progress", "reopened", "resolved"):
                # Open work: deadlines from two days overdue to five days ahead.
                next_due = now + timedelta(minutes=rng.randint(-2 * 24 * 60, 5 * 24 * 60))
                overdue = next_due < now and rng.random() < 0.7
            amount = Decimal(rng.randrange(10, 5000)) if rng.random() < 0.5 else None
            root_cause = rng.choice(ROOT_CAUSES) if status in ("resolved", "closed") else None
            chat_id = f"{channel}-{cid}" if channel in ("telegram", "webchat") else ""
            by_status[status] = by_status.get(status, 0) + 1
            suggestion = json.dumps(
                {"category": category, "severity": severity, "confidence": 0.7, "keywords": []}
            )
            t_rows.append(
                (
                    ticket_id,
                    number,
                    channel,
                    chat_id,
                    name,
                    phone,
                    "",
                    f"DD{rng.randrange(10**10):010d}" if rng.random() < 0.6 else "",
                    None,
                    "product",
                    description,
                    demand,
                    "",
                    amount,
                    None,
                    status,
                    category,
                    severity,
                    category,
                    severity,
                    suggestion,
                    status != "new",
                    "valid" if status in ("resolved", "closed") else "undecided",
                    "",
                    root_cause,
                    "",
                    created,
                    closed_at or resolved_at or created,
                    first_contact,
                    resolved_at,
                    closed_at,
                    close_reason,
                    next_due,
                    overdue,
                    int(status == "reopened"),
                    0,
                    None,
                    assignee[0] if assignee else None,
                    cid,
                    departments[dept_name],
                )
            )
            s_rows.append((ticket_id, ticket_terms(number, name, phone, description)))
            event_id += 1
            e_rows.append(
                (
                    event_id,
                    ticket_id,
                    "created",
                    None,
                    True,
                    name,
                    "",
                    json.dumps({"channel": channel}),
                    False,
                    created,
                )
            )
            if assignee:
                event_id += 1
                e_rows.append(
                    (
                        event_id,
                        ticket_id,
                        "staff_reply",
                        assignee[0],
                        False,
                        assignee[1],
                        "您好，您的投诉已收到，我们正在处理。",
                        "{}",
                        False,
                        first_contact,
                    )
                )
            for kind, hours in (
                ("first_contact", first_h),
                ("solution", solution_h),
                ("resolution", resolution_h),
            ):
                deadline_id += 1
                due = created + timedelta(hours=hours)
                met = {"first_contact": first_contact, "resolution": resolved_at}.get(kind, resolved_at)
                if status in ("new", "in_progress", "reopened") and (met is None or kind != "first_contact"):
                    state, met, action = "pending", None, next_due
                    due = next_due if kind == "resolution" else max(due, next_due - timedelta(hours=1))
                else:
                    state = "met" if met and met <= due else "overdue"
                    action = None
                d_rows.append(
                    (
                        deadline_id,
                        ticket_id,
                        kind,
                        0,
                        created,
                        due,
                        None,
                        state,
                        action,
                        None,
                        None,
                        None,
                        None,
                        met,
                    )
                )
        await w.insert("customer", CUSTOMER_COLUMNS, c_rows)
        await w.insert("ticket", TICKET_COLUMNS, t_rows)
        await w.insert("ticket_search", ["ticket_id", "terms"], s_rows)
        await w.insert("ticket_event", EVENT_COLUMNS, e_rows)
        await w.insert("deadline", DEADLINE_COLUMNS, d_rows)
        done += size
        if progress:
            print(f"  {done:>9,} tickets  {time.monotonic() - began:6.1f} s", flush=True)
    await _counters(w, day_seq)
    await w.fix_sequences(["ticket", "customer", "ticket_event", "deadline"])
    await w.conn.execute_script("ANALYZE")  # fresh statistics, or the planners guess
    return SeedSummary(tickets=n, seconds=time.monotonic() - began, by_status=by_status)


async def _counters(w: _Writer, day_seq: dict[str, int]) -> None:
    """Keep ticket numbering consistent: the next ticket of a seeded day continues the sequence."""
    if w.pg:
        sql = (
            "INSERT INTO ticket_counter (day, seq) VALUES ($1, $2) "
            "ON CONFLICT (day) DO UPDATE SET seq = GREATEST(ticket_counter.seq, EXCLUDED.seq)"
        )
    else:
        sql = (
            "INSERT INTO ticket_counter (day, seq) VALUES (?, ?) "
            "ON CONFLICT (day) DO UPDATE SET seq = MAX(ticket_counter.seq, excluded.seq)"
        )
    await w.conn.execute_many(sql, [[day, seq] for day, seq in day_seq.items()])


async def _main(args: argparse.Namespace) -> None:
    from kesu import db

    if args.database_url.startswith("sqlite"):
        Path(args.database_url.split("://", 1)[1].split("?")[0]).parent.mkdir(parents=True, exist_ok=True)
    async with db.database(args.database_url):
        summary = await seed(args.tickets, batch=args.batch, seed=args.seed, progress=True)
    print(f"seeded {summary.tickets:,} tickets in {summary.seconds:.1f} s: {summary.by_status}")
    print(f"sign in as {summary.supervisor} / {summary.password}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
