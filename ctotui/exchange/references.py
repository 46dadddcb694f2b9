"""Finding the records a CSV row points at: a client by name, a link by id or title."""

from __future__ import annotations

from ctotui.data.store import Store
from ctotui.domain.entities import BY_TABLE, Client
from ctotui.domain.ids import is_ulid
from ctotui.exchange.tables import RowError, fold


def _as_id(text: str) -> str | None:
    upper = text.strip().upper()
    return upper if is_ulid(upper) else None


class References:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.clients = store.all(Client)

    def client(self, name: str, client_id: str) -> str:
        """The id of the client a row names: `client_id` if filled in, else `client`."""
        if client_id.strip():
            found = self.store.find(Client, _as_id(client_id))
            if found is None:
                raise RowError(f"client_id {client_id.strip()!r}: no such client")
            return found.id
        wanted = fold(name)
        if not wanted:
            raise RowError("client is required (its name in 'client' or its id in 'client_id')")
        for attr in ("name", "codename"):
            matches = [c for c in self.clients if fold(getattr(c, attr)) == wanted]
            if len(matches) > 1:
                raise RowError(
                    f"client {name.strip()!r} matches {len(matches)} clients; "
                    "use the client_id column"
                )
            if matches:
                return matches[0].id
        found = self.store.find(Client, _as_id(name))
        if found is not None:
            return found.id
        raise RowError(f"client {name.strip()!r}: no client has this name (add or import it first)")

    def link(self, table: str, text: str, client_id: str) -> str | None:
        """An optional link to one of the same client's records, by id or exact title."""
        if not text.strip():
            return None
        cls = BY_TABLE[table]
        found = self.store.find(cls, _as_id(text))
        if found is None:
            matches = [
                r
                for r in self.store.where(cls, "client", client_id)
                if fold(r.display_name()) == fold(text)
            ]
            if len(matches) > 1:
                raise RowError(f"{cls.LABEL} {text.strip()!r} matches {len(matches)}; use its id")
            if not matches:
                raise RowError(f"{cls.LABEL} {text.strip()!r}: none for this client")
            found = matches[0]
        if getattr(found, "client", client_id) != client_id:
            raise RowError(f"{cls.LABEL} {text.strip()!r} belongs to another client")
        return found.id
