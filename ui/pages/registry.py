"""Every screen of the app, in the order the tour renders them."""

from __future__ import annotations

from ui.pages.admin import AdminPage
from ui.pages.admin_diagnostics import AdminDiagnosticsPage
from ui.pages.admin_enrol import AdminEnrolPage
from ui.pages.admin_home import AdminHomePage
from ui.pages.admin_logs import AdminLogsPage
from ui.pages.admin_pin import AdminPinPage
from ui.pages.admin_settings import AdminSettingsPage
from ui.pages.admin_sync import AdminSyncPage
from ui.pages.agent import AgentPage
from ui.pages.agent_consent import AgentConsentPage
from ui.pages.agent_dashboard import AgentDashboardPage
from ui.pages.appointment import AppointmentPage
from ui.pages.capture import CapturePage
from ui.pages.card import CardPage
from ui.pages.complaint import ComplaintPage
from ui.pages.consult import ConsultPage
from ui.pages.delivery import DeliveryPage
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
    HomePage, FindPage, GuidePage, CardPage, ManualPage, FormPage, CapturePage, DeliveryPage, ReviewPage,
    ReceiptPage, RatingPage, ProgressPage, ConsultPage, ComplaintPage, AppointmentPage, AgentPage,
    AgentDashboardPage, AgentConsentPage, AdminPage,
    AdminHomePage, AdminDiagnosticsPage, AdminSyncPage, AdminSettingsPage, AdminEnrolPage, AdminLogsPage,
    AdminPinPage,
)  # fmt: skip
