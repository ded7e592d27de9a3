"""The house colours, keyed by the enum values of the data contract, in its order (the order
of the legends). Kept apart from the charts so that pages (the annotated speech, the index)
use the same colours without loading matplotlib; ``tests/test_contract.py`` fails when one
misses a value.
"""

from __future__ import annotations

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
#: Colour of each modality (what the text commits to).
MODALITY_COLORS: dict[str, str] = {
    "achieved": "#0072B2",
    "ongoing": "#009E73",
    "planned": "#E69F00",
    "potential": "#CC79A7",
    "stance": "#999999",
}
#: Colour of each verification status.
VERIFICATION_COLORS: dict[str, str] = {
    "corroborated": "#009E73",
    "contested": "#D55E00",
    "unverified": "#E69F00",
    "not-applicable": "#BBBBBB",
}
#: Colour of each kind of entity.
ENTITY_KIND_COLORS: dict[str, str] = {
    "country": "#0072B2",
    "person": "#D55E00",
    "organization": "#009E73",
    "place": "#E69F00",
    "facility": "#CC79A7",
    "programme": "#56B4E9",
}
