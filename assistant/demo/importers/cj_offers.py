"""Complete Journey campaigns, coupons and coupon redemptions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from assistant.clock import system_now
from assistant.demo.importers._bulk import ImportReport, clean_str, slugify
from assistant.offers.models import Campaign, Coupon, CouponAssignment

if TYPE_CHECKING:
    from assistant.demo.importers.completejourney import CompleteJourneyData

SOURCE = "completejourney"
TIMEZONE = ZoneInfo("America/New_York")
# dunnhumby's user guide: in Type A campaigns each household gets coupons chosen for it;
# in Types B and C every targeted household gets the same ones. All three go only to the
# households the data set lists, so all are "targeted" in our vocabulary.
CAMPAIGN_TYPES = {
    "Type A": "coupons personalised per household",
    "Type B": "same coupons for every targeted household",
    "Type C": "same coupons for every targeted household",
}


def campaign_code(campaign_id: int) -> str:
    return f"CJ-{campaign_id}"


def coupon_code(coupon_upc: int, campaign_id: int) -> str:
    # The same UPC comes back in several campaigns, with other products and dates.
    return f"CJ-{coupon_upc}-{campaign_id}"


def _date(value: Any) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=TIMEZONE)


def _codes(session: Session, table: sa.Table) -> dict[str, int]:
    return {code: id_ for code, id_ in session.execute(sa.select(table.c.code, table.c.id))}


def import_offers(
    *,
    session: Session,
    data: CompleteJourneyData,
    household_map: dict[int, int],
    product_map: dict[int, int],
    report: ImportReport,
) -> None:
    now = system_now()
    campaigns = Campaign.__table__  # type: ignore[attr-defined]
    coupons = Coupon.__table__  # type: ignore[attr-defined]
    assignments = CouponAssignment.__table__  # type: ignore[attr-defined]

    existing = _codes(session, campaigns)
    rows: list[dict[str, Any]] = []
    starts: dict[int, dt.date | None] = {}
    for rec in data.campaign_descriptions.to_dict("records"):
        cid = int(rec["campaign_id"])
        kind = clean_str(rec.get("campaign_type")) or "unknown type"
        starts[cid] = _date(rec.get("start_date"))
        if campaign_code(cid) in existing:
            continue
        rows.append(
            {
                "code": campaign_code(cid),
                "name": f"Complete Journey campaign {cid} ({kind})",
                "kind": "targeted",
                "description": f"{kind}: {CAMPAIGN_TYPES.get(kind, 'targeted campaign')}",
                "starts_on": starts[cid],
                "ends_on": _date(rec.get("end_date")),
                "source": SOURCE,
                "created_at": now,
            }
        )
    if rows:
        session.execute(sa.insert(campaigns), rows)
    report.add("campaigns", inserted=len(rows), skipped=len(starts) - len(rows))
    campaign_ids = _codes(session, campaigns)
    ends = {
        int(r["campaign_id"]): _date(r.get("end_date"))
        for r in data.campaign_descriptions.to_dict("records")
    }

    categories = dict(
        zip(data.products["product_id"], data.products["product_category"], strict=True)
    )
    existing = _codes(session, coupons)
    rows = []
    groups = data.coupons.groupby(["coupon_upc", "campaign_id"], sort=True)["product_id"]
    for key, product_ids in groups:
        upc, cid = (int(str(part)) for part in key)
        code = coupon_code(upc, cid)
        if code in existing:
            continue
        items = sorted({int(p) for p in product_ids})
        cats = {clean_str(categories.get(p)) for p in items} - {None}
        category = next(iter(cats)) if len(cats) == 1 else None
        what = category.title() if category else f"{len(cats)} categories"
        rows.append(
            {
                "campaign_id": campaign_ids.get(campaign_code(int(cid))),
                "code": code,
                "description_en": f"Coupon {upc}: {len(items)} product(s), {what}"[:300],
                "description_fr": f"Bon {upc} : {len(items)} produit(s), {what}"[:300],
                # One product only when the coupon is for exactly one that we loaded.
                "product_id": product_map.get(items[0]) if len(items) == 1 else None,
                "category": slugify(category, max_length=60) if category else None,
                # The data set does not give the coupons' face values.
                "discount_kind": "amount",
                "discount_value": 0,
                "min_purchase_cents": 0,
                "valid_from": starts.get(int(cid)),
                "valid_to": ends.get(int(cid)),
                "is_generic": False,
                "created_at": now,
            }
        )
    if rows:
        session.execute(sa.insert(coupons), rows)
    report.add("coupons", inserted=len(rows), skipped=groups.ngroups - len(rows))
    coupon_ids = _codes(session, coupons)

    # Redemptions of the loaded households; a household redeeming the same coupon twice
    # keeps its first redemption (one assignment per coupon and household).
    redemptions = data.coupon_redemptions[
        data.coupon_redemptions["household_id"].isin(list(household_map))
    ].sort_values(["redemption_date", "household_id", "coupon_upc"])
    pairs = session.execute(sa.select(assignments.c.coupon_id, assignments.c.household_id))
    done = {(coupon_id, household_id) for coupon_id, household_id in pairs}
    rows = []
    skipped = 0
    for rec in redemptions.to_dict("records"):
        coupon_id = coupon_ids.get(coupon_code(int(rec["coupon_upc"]), int(rec["campaign_id"])))
        household_id = household_map[int(rec["household_id"])]
        redeemed = _date(rec["redemption_date"])
        if coupon_id is None or redeemed is None or (coupon_id, household_id) in done:
            skipped += 1
            continue
        done.add((coupon_id, household_id))
        start = starts.get(int(rec["campaign_id"])) or redeemed
        rows.append(
            {
                "coupon_id": coupon_id,
                "household_id": household_id,
                "assigned_at": _local_midnight(min(start, redeemed)),
                "redeemed_at": _local_midnight(redeemed),
                "receipt_id": None,
                "explanation": "Redeemed in The Complete Journey",
            }
        )
    if rows:
        session.execute(sa.insert(assignments), rows)
    report.add("coupon_assignments", inserted=len(rows), skipped=skipped)
    session.commit()
