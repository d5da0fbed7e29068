"""The administrator's area at the terminal, without Qt: what the admin screens (``ui/pages/admin_*.py``)
call, each call blocking and run through ``ui/tasks`` off the Qt thread, and testable on its own.

    actions.py      every admin action logged and written to the audit log (``record``)
    diagnostics.py  one tile per device and link: green, amber or red, and what to do
    sync_monitor.py the outbox, the engine's backoff, the catalogue; retry now, update now
    settings.py     the settings an administrator may change, written atomically to the site file
    enrolment.py    the enrolment's state; enrol again with a code typed on the pad
    log_export.py   the logs and a diagnostics summary as one archive, checked for personal data

Errors (the core's tree in ``kiosk/errors.py`` draws them)::

    KioskError
    ├── ConfigError              config.invalid        settings.py: a value refused, with its key and why
    └── ExportError              admin.export_failed   log_export.py: the target cannot take the archive
        └── ExportRefused        admin.export_refused  the archive would hold personal data: not written
"""
