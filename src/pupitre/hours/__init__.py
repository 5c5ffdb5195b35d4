"""Service calendars and business-time arithmetic (pure Python, no database).

See docs/business-hours.md for the conventions.
"""

from .engine import Calendar, Closure, Interval, TimeRange

__all__ = ["Calendar", "Closure", "Interval", "TimeRange"]
