from .models import Device, DeviceStatus


def devices_of_school(school_id):
    """Devices a school may open a request about (in service first, by category)."""
    return (
        Device.objects.filter(school_id=school_id)
        .exclude(status__in=[DeviceStatus.RETIRED, DeviceStatus.LOST])
        .select_related("model", "site")
        .order_by("model__category", "model__manufacturer", "serial")
    )
