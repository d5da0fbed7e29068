"""Every screen of the app, in the order the tour renders them."""

from __future__ import annotations

from ui.pages.admin import AdminPage
from ui.pages.agent import AgentPage
from ui.pages.agent_consent import AgentConsentPage
from ui.pages.agent_dashboard import AgentDashboardPage
from ui.pages.capture import CapturePage
from ui.pages.card import CardPage
from ui.pages.find import FindPage
from ui.pages.form import FormPage
from ui.pages.guide import GuidePage
from ui.pages.home import HomePage
from ui.pages.manual import ManualPage
from ui.pages.progress import ProgressPage
from ui.pages.rating import RatingPage
from ui.pages.receipt import ReceiptPage
from ui.pages.review import ReviewPage

PAGES = (
    HomePage, FindPage, GuidePage, CardPage, ManualPage, FormPage, CapturePage, ReviewPage, ReceiptPage,
    RatingPage, ProgressPage, AgentPage, AgentDashboardPage, AgentConsentPage, AdminPage,
)  # fmt: skip
