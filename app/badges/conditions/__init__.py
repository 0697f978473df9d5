"""Every badge condition, one module each: importing the package registers them all."""

import importlib
import pkgutil

from app.badges.condition import REGISTRY, Condition, Field

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")


def condition_for(kind: str) -> Condition:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise ValueError(f"unknown condition kind {kind!r}") from None


def is_known(kind) -> bool:
    return kind in REGISTRY


def in_menu_order() -> list[Condition]:
    return sorted(REGISTRY.values(), key=lambda condition: (condition.menu_order, condition.key))


def builder_fields() -> list[tuple[Field, list[Condition]]]:
    """Every field of the rule builder once, first seen first, with the conditions using it."""
    fields: dict[str, tuple[Field, list[Condition]]] = {}
    for condition in in_menu_order():
        for field in condition.fields:
            fields.setdefault(field.name, (field, []))[1].append(condition)
    return list(fields.values())
