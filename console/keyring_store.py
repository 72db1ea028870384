"""The system keyring, for `comptoir setup`: is there one, and keep a password in it.

Many machines (servers, containers, CI) have no keyring backend at all; that is
normal and said plainly. A backend that accepts a password but gives nothing
back (keyring's `null` backend) counts as none.
"""

from __future__ import annotations

from plugins.secrets import SERVICE


def _failure_types() -> tuple[type[BaseException], ...]:
    import keyring.errors

    # Third-party backends raise what their transport raises (dbus, OS errors).
    return (keyring.errors.KeyringError, OSError, RuntimeError, ValueError)


def keyring_name() -> str:
    """The backend in use, as keyring names it (for the person to recognise)."""
    import keyring

    return type(keyring.get_keyring()).__module__.removeprefix("keyring.backends.")


def stored_password(user: str) -> str:
    """What the keyring holds for `user`; "" when nothing or no keyring."""
    import keyring

    try:
        return keyring.get_password(SERVICE, user) or ""
    except _failure_types():
        return ""


def keyring_usable() -> bool:
    """A backend that can be written to and read back (probed, then cleaned up)."""
    import keyring

    probe = "comptoir-setup-probe"
    try:
        keyring.set_password(SERVICE, probe, "probe")
        usable = keyring.get_password(SERVICE, probe) == "probe"
        if usable:
            keyring.delete_password(SERVICE, probe)
    except _failure_types():
        return False
    return usable


def store_password(user: str, secret: str) -> bool:
    """Keep `secret` for `user` (replacing any); True once it reads back."""
    import keyring

    try:
        keyring.set_password(SERVICE, user, secret)
        return keyring.get_password(SERVICE, user) == secret
    except _failure_types():
        return False


def restore_password(user: str, previous: str) -> None:
    """Put back what was there before (or nothing), after a failed set-up."""
    import keyring

    try:
        if previous:
            keyring.set_password(SERVICE, user, previous)
        elif keyring.get_password(SERVICE, user) is not None:
            keyring.delete_password(SERVICE, user)
    except _failure_types():
        return
