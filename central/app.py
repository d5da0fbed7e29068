"""The reference central platform's HTTP API (FastAPI). ``create_app(db_url)`` builds it.

Every route under /api/v1 needs ``Authorization: Bearer <device token>``, except enrolment, which is
authenticated by its one-time code, and the platform's public key, which is public (a terminal checks it
against the fingerprint on its enrolment slip before it spends the code). The OpenAPI description is
published at /openapi.json. The token is checked, and the body capped by route, before the body
is read (``central/limits.py``).
"""

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from central import errors
from central.agents import add_agent_routes
from central.appointments import add_routes as add_appointment_routes
from central.audit import AuditLedger
from central.complaints import add_routes as add_complaint_routes
from central.limits import DeviceGate, problem_response
from central.models import Device
from central.service import Platform
from central.tus import TusProtocol, make_router
from central.tus_locks import UploadLocks
from central.uploads import DEFAULT_UPLOAD_QUOTA
from offline_cache import wire

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "request.invalid",
    404: "platform.not_found",
    405: "request.method_not_allowed",
    413: "request.too_large",
}
_PROBLEMS: dict[int | str, dict[str, object]] = {
    401: {"model": wire.Problem, "description": "no valid device token"},
    413: {"model": wire.Problem, "description": "request body over this route's cap"},
    409: {"model": wire.Problem, "description": "conflict"},
    422: {"model": wire.Problem, "description": "not acceptable"},
}


def default_blob_dir(db_url: str) -> Path:
    """SQLite: beside the database file. Otherwise ./kiosk-central-blobs (pass blob_dir in production)."""
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return Path(db_url.removeprefix("sqlite:///")).resolve().parent / "blobs"
    return Path("kiosk-central-blobs").resolve()


def create_app(
    db_url: str,
    *,
    blob_dir: Path | None = None,
    catalogue_path: Path | None = None,
    max_upload_size: int = 512 * 1024 * 1024,
    body_idle_timeout: float = 30.0,
    upload_quota: int = DEFAULT_UPLOAD_QUOTA,
    platform: Platform | None = None,
) -> FastAPI:
    platform = platform or Platform(db_url, blob_dir or default_blob_dir(db_url), catalogue_path)
    app = FastAPI(
        title="Village kiosk reference central platform",
        version="1.0.0",
        description="The sync API the village service terminal speaks. Device-authenticated (Bearer token).",
    )
    app.state.platform = platform
    app.state.audit = ledger = AuditLedger(platform)
    device_dep = _device_dependency(platform)
    _add_problem_handlers(app)
    _add_enrolment_routes(app, platform, device_dep)
    _add_terminal_routes(app, platform, device_dep)
    _add_record_routes(app, platform, device_dep)
    _add_audit_routes(app, ledger, device_dep)
    add_complaint_routes(app, platform.complaints, device_dep)
    add_appointment_routes(app, platform.appointments, device_dep)
    add_agent_routes(app, platform.agents, device_dep)
    locks = UploadLocks()
    app.include_router(
        make_router(
            platform,
            device_dep,
            max_size=max_upload_size,
            body_idle_timeout=body_idle_timeout,
            quota=upload_quota,
            locks=locks,
        )
    )
    app.add_middleware(DeviceGate, platform=platform)
    # Outermost: the tus headers go on the gate's answers too, and a method override is seen by the gate.
    app.add_middleware(TusProtocol, prefix=f"{wire.API_PREFIX}/uploads", locks=locks)
    return app


DeviceDependency = Callable[[Request, HTTPAuthorizationCredentials | None], Device]


def _device_dependency(platform: Platform) -> DeviceDependency:
    """The device a request's token names (``DeviceGate`` checked it before the body was read)."""
    bearer = HTTPBearer(auto_error=False, description="device token issued at enrolment")

    def device_dep(
        request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> Device:
        device = request.scope.get("state", {}).get("device")
        if isinstance(device, Device):
            return device  # the gate checked the token before the body was read
        if creds is None:
            raise errors.Unauthorized("a device token is required")
        return platform.authenticate(f"{creds.scheme} {creds.credentials}")

    return device_dep


def _add_problem_handlers(app: FastAPI) -> None:
    """Every refusal is a ``wire.Problem``: the platform's own errors, invalid requests, FastAPI's."""

    @app.exception_handler(errors.PlatformError)
    def _platform_error(_request: Request, exc: errors.PlatformError) -> JSONResponse:
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Where and what kind of problem, never the values (they may carry personal data).
        where = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()[:5]
        )
        return JSONResponse(wire.Problem(code="request.invalid", detail=where).model_dump(), status_code=422)

    @app.exception_handler(HTTPException)
    def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        # FastAPI's own refusals (no such route, wrong method, a body it cannot parse) as Problems too.
        code = _HTTP_CODES.get(exc.status_code, "request.refused")
        body = wire.Problem(code=code, detail=str(exc.detail)[:200]).model_dump()
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


def _add_enrolment_routes(app: FastAPI, platform: Platform, device_dep: DeviceDependency) -> None:
    """Trust: the platform's public key, enrolment by one-time code, the token check and its rotation."""
    api = wire.API_PREFIX
    DeviceDep = Annotated[Device, Depends(device_dep)]

    @app.get(f"{api}/platform-key")
    def platform_key() -> wire.PlatformKey:
        return wire.PlatformKey(platform_public_key=platform.public_key_text)

    @app.post(f"{api}/enrol", responses={401: _PROBLEMS[401]})
    def enrol(req: wire.EnrolmentRequest) -> wire.EnrolmentResponse:
        return platform.enrol(req)

    @app.get(f"{api}/ping", responses={401: _PROBLEMS[401]})
    def ping(device: DeviceDep) -> wire.Ping:
        from central.models import utcnow

        return wire.Ping(device_id=device.id, station_code=device.station_code, server_time=utcnow())

    @app.post(f"{api}/token", responses={401: _PROBLEMS[401]})
    def new_token(device: DeviceDep) -> wire.NewToken:
        return platform.rotate_token(device)


def _add_terminal_routes(app: FastAPI, platform: Platform, device_dep: DeviceDependency) -> None:
    """What a terminal fetches and reports about itself: the catalogue, its heartbeat."""
    api = wire.API_PREFIX
    DeviceDep = Annotated[Device, Depends(device_dep)]

    @app.get(
        f"{api}/catalogue",
        responses={
            200: {"content": {"application/json": {}}, "description": "the catalogue"},
            304: {"description": "unchanged"},
            401: _PROBLEMS[401],
            404: {"model": wire.Problem},
        },
    )
    def catalogue(
        device: DeviceDep, if_none_match: Annotated[str | None, Header(max_length=200)] = None
    ) -> Response:
        found = platform.catalogue()
        if found is None:
            raise errors.NotFound("this platform has no catalogue")
        data, etag = found
        if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(data, media_type="application/json", headers={"ETag": etag})

    @app.post(f"{api}/heartbeat", responses={401: _PROBLEMS[401]})
    def heartbeat(hb: wire.Heartbeat, device: DeviceDep) -> wire.HeartbeatAck:
        return platform.heartbeat(device, hb)


def _add_record_routes(app: FastAPI, platform: Platform, device_dep: DeviceDependency) -> None:
    """What terminals deliver and learn: applications (idempotent by id and revision), the status feed,
    ratings."""
    api = wire.API_PREFIX
    DeviceDep = Annotated[Device, Depends(device_dep)]

    @app.put(
        f"{api}/applications/{{app_id}}",
        status_code=201,
        responses={
            200: {"model": wire.ApplicationReceipt, "description": "replay: the original answer"},
            **_PROBLEMS,
        },
    )
    def put_application(
        app_id: Annotated[str, PathParam(pattern=wire.ID_PATTERN)],
        sub: wire.ApplicationSubmission,
        device: DeviceDep,
        response: Response,
    ) -> wire.ApplicationReceipt:
        receipt, created = platform.create_application(device, app_id, sub)
        response.status_code = 201 if created else 200
        return receipt

    @app.get(f"{api}/status-feed", responses={401: _PROBLEMS[401], 422: _PROBLEMS[422]})
    def status_feed(
        device: DeviceDep,
        cursor: Annotated[str | None, Query(max_length=40)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 200,
    ) -> wire.StatusFeed:
        return platform.status_feed(device, cursor, limit)

    @app.post(
        f"{api}/ratings",
        status_code=201,
        responses={200: {"model": wire.RatingReceipt, "description": "replay"}, **_PROBLEMS},
    )
    def rate(sub: wire.RatingSubmission, device: DeviceDep, response: Response) -> wire.RatingReceipt:
        receipt, created = platform.rate(device, sub)
        response.status_code = 201 if created else 200
        return receipt


def _add_audit_routes(app: FastAPI, ledger: AuditLedger, device_dep: DeviceDependency) -> None:
    """The terminals' audit logs: the key that signs them, batches of entries, the countersigned head."""
    api = wire.API_PREFIX
    DeviceDep = Annotated[Device, Depends(device_dep)]

    @app.put(
        f"{api}/audit/key",
        status_code=201,
        responses={200: {"description": "this key was registered already"}, **_PROBLEMS},
    )
    def audit_key(body: wire.DeviceKey, device: DeviceDep, response: Response) -> wire.DeviceKey:
        response.status_code = 201 if ledger.register_key(device, body.device_public_key) else 200
        return body

    @app.post(f"{api}/audit", responses=_PROBLEMS)
    def audit(batch: wire.AuditBatch, device: DeviceDep) -> wire.AuditAck:
        return ledger.accept(device, batch)

    @app.get(f"{api}/audit/head", responses={401: _PROBLEMS[401]})
    def audit_head(device: DeviceDep) -> wire.AuditAck:
        return ledger.head(device)
