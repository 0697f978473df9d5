"""The core data model; kinds keep their own tables in their own packages."""

from app.models.analytics import AnalyticsEvent as AnalyticsEvent
from app.models.analytics import AnalyticsRollup as AnalyticsRollup
from app.models.analytics import AnalyticsSalt as AnalyticsSalt
from app.models.analytics import AnalyticsWatermark as AnalyticsWatermark
from app.models.badges import Badge as Badge
from app.models.badges import BadgeAward as BadgeAward
from app.models.badges import BadgeLog as BadgeLog
from app.models.badges import FanLevelNotice as FanLevelNotice
from app.models.badges import Level as Level
from app.models.base import Model, utcnow
from app.models.boards import StaleBoards as StaleBoards
from app.models.brand import Brand, ConsentText, Suppression
from app.models.campaign import Campaign, CampaignParticipation
from app.models.event import AXES, EngagementEvent, ExportLog
from app.models.fan_identity import BrandTokenUse as BrandTokenUse
from app.models.fan_identity import FanLoginToken as FanLoginToken
from app.models.fraud import FraudDecision as FraudDecision
from app.models.fraud import FraudSignal as FraudSignal
from app.models.job import Job as Job
from app.models.media import MediaFile as MediaFile
from app.models.people import ROLES, ConsentRecord, FanProfile, Identity, Membership, User
from app.models.staff import Invitation
from app.models.staff_access import EmailGrant as EmailGrant
from app.models.staff_access import StaffAccess as StaffAccess
from app.models.winners import Winner as Winner

__all__ = [
    "AXES",
    "ROLES",
    "Brand",
    "Campaign",
    "CampaignParticipation",
    "ConsentRecord",
    "ConsentText",
    "EngagementEvent",
    "ExportLog",
    "FanProfile",
    "Identity",
    "Invitation",
    "Membership",
    "Model",
    "Suppression",
    "User",
    "utcnow",
]
