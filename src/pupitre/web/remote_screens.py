"""What the device pages of portal and desk show of remote maintenance."""

from pupitre.remote import queries as remote_queries


def remote_status(device) -> dict:
    """`configured` (the feature is shown only then) and the computer
    MeshCentral knows for this device, if any."""
    if remote_queries.meshcentral_server() is None:
        return {"configured": False, "computer": None}
    return {"configured": True, "computer": remote_queries.computer_of_device(device.pk)}
