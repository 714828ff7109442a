from hypothesis import given
from hypothesis import strategies as st

from klynge.core.danish import sort_key, sorted_danish


def test_it_puts_ae_oe_aa_after_z() -> None:
    assert sorted_danish(["Åby", "Ærø", "Zealand", "Østergaard", "Andersen"]) == [
        "Andersen", "Zealand", "Ærø", "Østergaard", "Åby",
    ]  # fmt: skip


def test_it_sorts_the_old_aa_as_aa_letter() -> None:
    assert sorted_danish(["Aagaard", "Østergaard", "Bach", "Aabenraa"]) == [
        "Bach", "Østergaard", "Aabenraa", "Aagaard",
    ]  # fmt: skip


def test_it_ignores_case_and_sorts_accents_with_their_letter() -> None:
    assert sorted_danish(["émile", "Eva", "Ditte", "Frank"]) == ["Ditte", "émile", "Eva", "Frank"]
    assert sorted_danish(["Müller", "Madsen", "Møller"]) == ["Madsen", "Müller", "Møller"]


def test_it_sorts_the_cluster_municipalities() -> None:
    names = ["Struer", "Ringkøbing-Skjern", "Herning", "Lemvig", "Ikast-Brande", "Holstebro"]
    assert sorted_danish(names) == [
        "Herning", "Holstebro", "Ikast-Brande", "Lemvig", "Ringkøbing-Skjern", "Struer",
    ]  # fmt: skip


@given(st.lists(st.text(alphabet="abcxyzæøåÆØÅäöüé -", max_size=8), max_size=12))
def test_sorting_does_not_depend_on_input_order(names: list[str]) -> None:
    assert sorted_danish(names) == sorted_danish(list(reversed(names)))
    assert sorted(names, key=sort_key) == sorted_danish(names)
