"""Every table, imported in one place so that metadata is complete (Alembic, tests)."""

from __future__ import annotations

from sqlmodel import SQLModel

# Modules whose tables are not named below register them on import.
import assistant.briefing.models
import assistant.scheduler.models  # noqa: F401
import geofences.models  # noqa: F401
from assistant.auth.models import ApiKey
from assistant.catalog.models import Product, Stock, Store
from assistant.customers.models import Address, Consent, Device, Household, Member, Pet, Preference
from assistant.dialogue.models import Conversation, Message
from assistant.history.models import CategoryHabit, PurchaseHabit, Receipt, ReceiptLine
from assistant.loyalty.models import LoyaltyEntry, Reward
from assistant.notify.models import OutboxMessage
from assistant.offers.models import Campaign, Coupon, CouponAssignment
from assistant.orders.models import Order, OrderLine, PickupSlot
from assistant.outings.models import Booking, Event
from assistant.recipes.models import Recipe

metadata = SQLModel.metadata

__all__ = [
    "Address",
    "ApiKey",
    "Booking",
    "Campaign",
    "CategoryHabit",
    "Consent",
    "Conversation",
    "Coupon",
    "CouponAssignment",
    "Device",
    "Event",
    "Household",
    "LoyaltyEntry",
    "Member",
    "Message",
    "Order",
    "OrderLine",
    "OutboxMessage",
    "Pet",
    "PickupSlot",
    "Preference",
    "Product",
    "PurchaseHabit",
    "Receipt",
    "ReceiptLine",
    "Recipe",
    "Reward",
    "Stock",
    "Store",
    "metadata",
]
