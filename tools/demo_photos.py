"""Put a dozen site photos into a draft inspection of the demo portfolio, for demos and the
README's screenshots of the gallery.

    python tools/demo_photos.py --data-dir DIR [--today 2026-11-28] [--loan CONTRACT_NO]

Loads the demo portfolio into DIR if it is empty, starts (or continues) the inspection of a
small-business loan with collateral that is due, and imports a dozen synthetic pictures drawn
here with Pillow — a shop front, the street number, the shop floor, the stock, the
warehouse, the business licence, the mortgaged flat and vehicle — as a phone would have
taken them: EXIF capture time on the inspection day and GPS near the borrower, except that
some have no GPS, one was taken the day before, one far away, one was edited in Photoshop,
one is a screenshot without EXIF and one was already attached to another loan's inspection.
Captions and links to the checklist's "photo required" items are set as an officer would.
Prints the loan's contract number, for ``main.py --view gallery --loan``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from postloan_desktop.domain.enums import BorrowerType, BusinessType, Role  # noqa: E402
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId  # noqa: E402
from postloan_desktop.services.bootstrap import Services, open_services  # noqa: E402
from postloan_desktop.services.dto import LoanFilter  # noqa: E402

SIZE = (1600, 1200)
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)

Drawing = Callable[[random.Random], Image.Image]


# --- pictures --------------------------------------------------------------------------------


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def sky(draw: ImageDraw.ImageDraw, height: int, top: tuple[int, int, int]) -> None:
    w = SIZE[0]
    for y in range(height):
        t = y / max(height, 1)
        colour = tuple(int(c + (235 - c) * t) for c in top)
        draw.line((0, y, w, y), fill=colour)


def photographic(image: Image.Image, rng: random.Random) -> Image.Image:
    """Soften, add sensor noise and a vignette: drawn shapes look less like drawings."""
    image = image.filter(ImageFilter.GaussianBlur(1.1))
    noise = Image.effect_noise(SIZE, 18).convert("RGB")
    image = Image.blend(image, noise, 0.07)
    w, h = SIZE
    mask = Image.radial_gradient("L").resize((w, h))
    dark = Image.new("RGB", SIZE, (20, 20, 20))
    image = Image.composite(dark, image, mask.point(lambda v: int(max(0, v - 150) * 0.55)))
    warm = Image.new("RGB", SIZE, (255, 214, 170) if rng.random() < 0.5 else (200, 220, 255))
    return Image.blend(image, warm, 0.05)


def shop_front(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", SIZE, (200, 200, 200))
    d = ImageDraw.Draw(image)
    sky(d, 260, (120, 160, 215))
    d.rectangle((0, 180, 1600, 1000), fill=(214, 204, 186))  # the building
    for x in range(0, 1600, 80):  # tiles
        d.line((x, 180, x, 1000), fill=(200, 190, 172), width=2)
    for y in range(180, 1000, 60):
        d.line((0, y, 1600, y), fill=(200, 190, 172), width=2)
    for x in (60, 470, 880, 1290):  # upper floor windows
        d.rectangle((x, 210, x + 250, 360), fill=(90, 120, 150), outline=(240, 240, 240), width=8)
    d.rectangle((80, 400, 1520, 560), fill=(190, 20, 30))  # the sign board
    d.text((800, 480), "鑫旺五金建材商行", font=font(118), fill=(255, 220, 60), anchor="mm")
    d.rectangle((160, 590, 1440, 1000), fill=(40, 38, 36))  # the open shop
    for y in range(620, 990, 90):  # shelves inside
        d.rectangle((190, y, 1410, y + 12), fill=(120, 90, 60))
        for x in range(200, 1400, 46):
            colour = rng.choice([(200, 60, 40), (40, 110, 190), (220, 180, 40), (90, 150, 80)])
            d.rectangle((x, y - 60, x + 38, y), fill=colour)
    for x in range(160, 1440, 24):  # the rolled-up shutter
        d.line((x, 580, x, 600), fill=(150, 150, 155), width=3)
    d.rectangle((0, 1000, 1600, 1200), fill=(128, 128, 124))  # pavement
    for x in range(-200, 1600, 160):
        d.line((x, 1200, x + 200, 1000), fill=(112, 112, 108), width=3)
    d.rounded_rectangle((1180, 900, 1420, 1080), 30, fill=(30, 120, 200))  # a scooter
    d.ellipse((1180, 1040, 1260, 1120), fill=(25, 25, 25))
    d.ellipse((1350, 1040, 1430, 1120), fill=(25, 25, 25))
    return photographic(image, rng)


def street_number(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", SIZE, (170, 160, 150))
    d = ImageDraw.Draw(image)
    for y in range(0, 1200, 50):  # brick wall
        offset = 0 if (y // 50) % 2 else 60
        for x in range(-offset, 1600, 120):
            shade = rng.randint(-12, 12)
            d.rectangle((x + 3, y + 3, x + 117, y + 47), fill=(150 + shade, 80 + shade, 60 + shade))
    d.rounded_rectangle((360, 360, 1240, 840), 30, fill=(20, 70, 160), outline="white", width=14)
    d.text((800, 500), "解放大道", font=font(120), fill="white", anchor="mm")
    d.text((800, 690), "1024 号", font=font(150), fill="white", anchor="mm")
    return photographic(image, rng)


def shop_floor(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", SIZE, (230, 228, 220))
    d = ImageDraw.Draw(image)
    d.rectangle((0, 0, 1600, 140), fill=(245, 245, 240))
    for x in range(100, 1600, 400):
        d.rectangle((x, 50, x + 220, 70), fill=(255, 255, 250))
    d.polygon([(0, 1200), (1600, 1200), (1300, 800), (300, 800)], fill=(190, 185, 175))
    for side in (0, 1):
        for level in range(5):
            y = 220 + level * 140
            x0, x1 = (40, 560) if side == 0 else (1040, 1560)
            d.rectangle((x0, y + 110, x1, y + 124), fill=(110, 110, 115))
            for x in range(x0 + 6, x1 - 30, 34):
                colour = rng.choice(
                    [(210, 40, 40), (240, 200, 30), (40, 90, 180), (60, 160, 90), (240, 240, 240)]
                )
                top = y + rng.randint(20, 50)
                d.rectangle((x, top, x + 28, y + 110), fill=colour)
    d.rectangle((640, 560, 960, 900), fill=(120, 80, 50))  # the counter
    d.rectangle((700, 520, 900, 560), fill=(30, 30, 30))
    return photographic(image, rng)


def cartons(rng: random.Random, rows: int = 4) -> Image.Image:
    image = Image.new("RGB", SIZE, (150, 150, 150))
    d = ImageDraw.Draw(image)
    d.rectangle((0, 0, 1600, 700), fill=(170, 172, 176))
    for x in range(0, 1600, 200):  # steel beams
        d.rectangle((x, 0, x + 24, 700), fill=(90, 100, 120))
    d.rectangle((0, 700, 1600, 1200), fill=(120, 120, 118))
    for stack in range(5):
        x0 = 60 + stack * 300
        for level in range(rows):
            for col in range(2):
                x = x0 + col * 130
                y = 980 - (level + 1) * 120
                tone = rng.randint(-15, 15)
                d.rectangle((x, y, x + 124, y + 116), fill=(185 + tone, 140 + tone, 90 + tone))
                d.line((x + 62, y, x + 62, y + 116), fill=(210, 190, 150), width=8)
                d.rectangle((x + 14, y + 20, x + 50, y + 44), fill=(240, 240, 235))
        d.rectangle((x0 - 10, 980, x0 + 264, 1010), fill=(140, 100, 60))  # pallet
    return photographic(image, rng)


def workshop(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", SIZE, (160, 165, 170))
    d = ImageDraw.Draw(image)
    for x in range(80, 1600, 300):
        d.rectangle((x, 60, x + 200, 300), fill=(200, 225, 240))  # windows
    d.rectangle((0, 720, 1600, 1200), fill=(100, 120, 110))
    d.line((0, 900, 1600, 860), fill=(240, 200, 20), width=14)
    for n, x in enumerate((120, 620, 1120)):
        colour = (40, 90, 160) if n % 2 == 0 else (200, 120, 30)
        d.rectangle((x, 420, x + 380, 820), fill=colour)
        d.rectangle((x + 30, 460, x + 160, 560), fill=(40, 40, 40))
        d.ellipse((x + 220, 470, x + 330, 580), fill=(180, 180, 185))
        d.rectangle((x + 170, 820, x + 210, 860), fill=(40, 40, 40))
        person_x = x + rng.randint(60, 300)  # someone at work
        d.ellipse((person_x, 560, person_x + 50, 610), fill=(230, 190, 150))
        d.rectangle((person_x - 10, 610, person_x + 60, 760), fill=(30, 70, 140))
    return photographic(image, rng)


def licence(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", SIZE, (210, 200, 185))
    d = ImageDraw.Draw(image)
    d.rectangle((260, 120, 1340, 1080), fill=(150, 110, 60))  # the frame
    d.rectangle((300, 160, 1300, 1040), fill=(250, 248, 240))
    d.text((800, 280), "营 业 执 照", font=font(96), fill=(170, 20, 20), anchor="mm")
    lines = ("名称  鑫旺五金建材商行", "类型  个体工商户", "经营范围  五金、建材零售")
    for n, text in enumerate(lines):
        d.text((380, 420 + n * 90), text, font=font(44), fill=(40, 40, 40))
    for y in range(700, 900, 40):
        d.line((380, y, 1000 - rng.randint(0, 200), y), fill=(150, 150, 150), width=6)
    d.ellipse((1000, 760, 1220, 980), outline=(200, 30, 30), width=12)
    d.text((1110, 870), "★", font=font(80), fill=(200, 30, 30), anchor="mm")
    return photographic(image, rng)


def flats(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", SIZE, (200, 200, 200))
    d = ImageDraw.Draw(image)
    sky(d, 1200, (100, 150, 220))
    d.rectangle((420, 80, 1180, 1100), fill=(225, 215, 200))
    for floor in range(16):
        for col in range(6):
            x = 460 + col * 120
            y = 110 + floor * 60
            lit = rng.random() < 0.15
            d.rectangle((x, y, x + 80, y + 40), fill=(240, 210, 120) if lit else (80, 110, 140))
    d.rectangle((0, 1040, 1600, 1200), fill=(90, 90, 90))
    for x in range(-40, 1600, 170):  # trees
        d.ellipse((x, 880, x + 200, 1080), fill=(50 + rng.randint(0, 30), 110, 50))
    return photographic(image, rng)


def vehicle(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", SIZE, (120, 120, 120))
    d = ImageDraw.Draw(image)
    sky(d, 420, (150, 175, 210))
    d.rectangle((0, 420, 1600, 1200), fill=(105, 105, 102))
    for x in range(0, 1600, 400):
        d.line((x, 1200, x + 120, 420), fill=(235, 235, 235), width=8)
    d.rounded_rectangle((250, 560, 1350, 900), 80, fill=(180, 30, 30))  # the body
    d.polygon([(470, 560), (620, 400), (1050, 400), (1180, 560)], fill=(160, 25, 25))
    d.polygon([(520, 560), (640, 430), (820, 430), (820, 560)], fill=(60, 80, 100))
    d.polygon([(850, 560), (850, 430), (1030, 430), (1130, 560)], fill=(60, 80, 100))
    for x in (420, 1060):
        d.ellipse((x, 800, x + 200, 1000), fill=(20, 20, 20))
        d.ellipse((x + 55, 855, x + 145, 945), fill=(170, 170, 175))
    d.rectangle((1170, 760, 1340, 810), fill=(20, 60, 170))  # the number plate
    d.text((1255, 785), "鄂A·8K236", font=font(28), fill="white", anchor="mm")
    return photographic(image, rng)


def few_cartons(rng: random.Random) -> Image.Image:
    return cartons(rng, rows=2)


def screenshot_like(rng: random.Random) -> Image.Image:
    """A chat-app screenshot of a photo: no EXIF at all."""
    image = Image.new("RGB", (900, 1600), (237, 237, 237))
    d = ImageDraw.Draw(image)
    d.rectangle((0, 0, 900, 120), fill=(40, 40, 40))
    d.text((450, 60), "库存照片", font=font(44), fill="white", anchor="mm")
    photo = cartons(rng, rows=3).resize((700, 525))
    image.paste(photo, (100, 300))
    d.text((100, 880), "老板发来的", font=font(36), fill=(90, 90, 90))
    return image


# --- EXIF ------------------------------------------------------------------------------------


def dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return Fraction(degrees), Fraction(minutes), Fraction(seconds, 100)


def exif(
    taken: dt.datetime | None,
    gps: tuple[float, float] | None,
    *,
    model: str = "HUAWEI P60 Pro",
    software: str | None = None,
) -> Image.Exif:
    data = Image.Exif()
    data[0x010F] = model.split()[0]  # Make
    data[0x0110] = model  # Model
    if software:
        data[0x0131] = software
    if taken is not None:
        data.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps is not None:
        lat, lon = gps
        ifd = data.get_ifd(0x8825)
        ifd[0] = b"\x02\x03\x00\x00"
        ifd[1] = "N" if lat >= 0 else "S"
        ifd[2] = dms(abs(lat))
        ifd[3] = "E" if lon >= 0 else "W"
        ifd[4] = dms(abs(lon))
    return data


def near(point: tuple[float, float], rng: random.Random, metres: float) -> tuple[float, float]:
    lat, lon = point
    angle = rng.uniform(0, 2 * math.pi)
    dist = rng.uniform(0, metres)
    return (
        lat + dist * math.cos(angle) / 111_320,
        lon + dist * math.sin(angle) / (111_320 * math.cos(math.radians(lat))),
    )


# --- the inspection --------------------------------------------------------------------------


@dataclass(frozen=True)
class Shot:
    name: str
    draw: Drawing
    taken: dt.datetime | None
    gps: tuple[float, float] | None
    software: str | None = None
    caption: str = ""
    item: str | None = None  # the answer key of a checklist item
    collateral: uuid.UUID | None = None


def choose_loan(services: Services, contract_no: str | None) -> LoanId:
    """The --loan, or the first due small-business (trade) loan with collateral."""
    portfolio = services.portfolio
    if contract_no:
        rows = portfolio.loan_page(LoanFilter(text=contract_no), offset=0, limit=1)
        if not rows:
            raise SystemExit(f"no loan {contract_no}")
        return rows[0].id
    queue = portfolio.work_queue()
    for group in (queue.due_today, queue.overdue, queue.due_this_week):
        for item in group.items:
            detail = portfolio.loan_detail(item.loan_id)
            if (
                detail.borrower.kind is BorrowerType.ENTERPRISE
                and detail.borrower.business_type is BusinessType.TRADE_SERVICE
                and detail.collateral
                and detail.balance_fen > 0
            ):
                return item.loan_id
    raise SystemExit("no due small-business loan with collateral: was the demo loaded?")


def inspector_of(services: Services, loan_id: LoanId) -> UserId:
    detail = services.portfolio.loan_detail(loan_id)
    inspectors = [
        m
        for m in services.inspections.staff()
        if m.branch_name == detail.branch_name and Role.INSPECTOR in m.roles
    ]
    for officer in (detail.officer_a, detail.officer_b):
        if officer is not None and any(m.id == officer.id for m in inspectors):
            return officer.id
    return inspectors[0].id


def draft_of(services: Services, loan_id: LoanId, actor: UserId) -> InspectionId:
    draft = services.inspections.draft_for_loan(loan_id)
    if draft is not None:
        return InspectionId(draft)
    return services.inspections.start(loan_id=loan_id, actor_id=actor)


def site_of(services: Services, loan_id: LoanId) -> tuple[float, float]:
    """The borrower's position (what the photos are checked against)."""
    from sqlalchemy import select

    from postloan_desktop.storage.db import open_database, session_factory
    from postloan_desktop.storage.models import Borrower, Loan

    engine = open_database(services.data_dir.database)
    try:
        with session_factory(engine)() as session:
            lat, lon = session.execute(
                select(Borrower.latitude, Borrower.longitude)
                .join(Loan, Loan.borrower_id == Borrower.id)
                .where(Loan.id == loan_id)
            ).one()
    finally:
        engine.dispose()
    return (lat, lon) if lat is not None and lon is not None else (30.5928, 114.3055)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 28))
    parser.add_argument("--loan", default=None, help="contract number (default: one that is due)")
    args = parser.parse_args()

    services = open_services(args.data_dir, today=args.today, demo=True)
    loan_id = choose_loan(services, args.loan)
    detail = services.portfolio.loan_detail(loan_id)
    actor = inspector_of(services, loan_id)
    inspection = draft_of(services, loan_id, actor)
    form = services.inspections.form(inspection, actor_id=actor)
    day = form.inspected_on or args.today
    site = site_of(services, loan_id)
    rng = random.Random(20261128)
    collateral = [uuid.UUID(c.id) for c in form.context.collateral]
    first_collateral = collateral[0] if collateral else None
    second_collateral = collateral[1] if len(collateral) > 1 else first_collateral

    def at(hour: int, minute: int, days: int = 0) -> dt.datetime:
        return dt.datetime.combine(day - dt.timedelta(days=days), dt.time(hour, minute, 7))

    far_away = (site[0] + 0.045, site[1] + 0.03)  # about 5 km
    plan = [
        Shot("IMG_20261128_091207.jpg", shop_front, at(9, 12), near(site, rng, 40),
             caption="门面照片：正常营业", item="premises_operating"),
        Shot("IMG_20261128_091342.jpg", street_number, at(9, 13), near(site, rng, 40),
             caption="门牌号与合同地址一致"),
        Shot("IMG_20261128_092015.jpg", shop_floor, at(9, 20), near(site, rng, 30),
             caption="店内客流", item="customer_traffic"),
        Shot("IMG_20261128_092530.jpg", cartons, at(9, 25), near(site, rng, 30),
             caption="仓库存货充足", item="stock_sufficient"),
        Shot("IMG_20261128_092702.jpg", few_cartons, at(9, 27), None, item="stock_sufficient"),
        Shot("IMG_20261127_163011.jpg", workshop, at(16, 30, days=1), near(site, rng, 60),
             caption="后院加工区"),
        Shot("IMG_20261128_093855.jpg", licence, at(9, 38), near(site, rng, 20),
             software="Adobe Photoshop 25.0 (Windows)", caption="营业执照"),
        Shot("IMG_20261128_101520.jpg", flats, at(10, 15), near(site, rng, 500),
             caption="抵押房产外观", collateral=first_collateral,
             item=f"collateral_present@{first_collateral}" if first_collateral else None),
        Shot("IMG_20261128_104411.jpg", vehicle, at(10, 44), far_away,
             caption="抵押车辆", collateral=second_collateral),
        Shot("IMG_20261128_093101.jpg", cartons, at(9, 31), near(site, rng, 30)),
        Shot("微信图片_20261128094507.png", screenshot_like, None, None),
        Shot("IMG_20261128_095533.jpg", shop_front, at(9, 55), near(site, rng, 40)),
    ]  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        files = []
        for n, shot in enumerate(plan):
            path = Path(folder) / shot.name
            picture = shot.draw(random.Random(n))
            if path.suffix == ".png":
                picture.save(path, "PNG")
            else:
                data = exif(shot.taken, shot.gps, software=shot.software)
                picture.save(path, "JPEG", quality=88, exif=data)
            files.append(path)
        # The last shop front was attached to another loan's inspection before: reused.
        other = next(
            row.id
            for row in services.portfolio.loan_page(LoanFilter(), offset=0, limit=50)
            if row.id != loan_id and row.balance_fen > 0
        )
        other_actor = inspector_of(services, other)
        other_inspection = draft_of(services, other, other_actor)
        services.photos.import_files(
            inspection_id=other_inspection, paths=[files[-1]], actor_id=other_actor
        )
        summary = services.photos.import_files(
            inspection_id=inspection, paths=files, actor_id=actor
        )
        by_name = {p.original_name: p for p in summary.imported + summary.duplicates}
        for shot in plan:
            photo = by_name.get(shot.name)
            if photo is None:
                continue
            if shot.caption:
                services.photos.set_caption(photo_id=photo.id, caption=shot.caption, actor_id=actor)
            if shot.item or shot.collateral:
                services.photos.link(
                    photo_id=photo.id,
                    actor_id=actor,
                    item_key=shot.item,
                    collateral_id=shot.collateral,
                )
    for problem in summary.rejected:
        print(f"rejected: {problem.message}", file=sys.stderr)
    print(detail.contract_no)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
