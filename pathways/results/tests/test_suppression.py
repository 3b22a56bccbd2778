from hypothesis import given
from hypothesis import strategies as st

from pathways.results.engine.suppression import PRIMARY, SECONDARY, Line, shown, suppress


def table(rows: list[list[int]]):
    """A two-way table with its margins, as the counts and lines suppress() takes."""
    counts: dict = {}
    lines = []
    for i, row in enumerate(rows):
        for j, n in enumerate(row):
            counts[(i, j)] = n
        counts[(i, "T")] = sum(row)
        lines.append(Line(tuple((i, j) for j in range(len(row))), (i, "T")))
    for j in range(len(rows[0])):
        counts[("T", j)] = sum(r[j] for r in rows)
        lines.append(Line(tuple((i, j) for i in range(len(rows))), ("T", j)))
    counts[("T", "T")] = sum(map(sum, rows))
    lines.append(Line(tuple(("T", j) for j in range(len(rows[0]))), ("T", "T")))
    lines.append(Line(tuple((i, "T") for i in range(len(rows))), ("T", "T")))
    return counts, lines


def test_a_small_count_is_withheld_and_the_next_smallest_in_its_line_too():
    counts, lines = table([[3, 40, 50], [20, 30, 60]])

    withheld = suppress(counts, lines, threshold=5)

    assert withheld[(0, 0)] == PRIMARY
    # Row 0 and column 0 would each give the 3 away by subtraction: their next-smallest cells go too.
    assert withheld[(1, 0)] == SECONDARY
    assert withheld[(0, 1)] == SECONDARY
    assert (1, 2) not in withheld or withheld[(1, 2)] == SECONDARY


def test_zero_is_published_and_not_chosen_as_a_complement_while_a_non_zero_cell_is_left():
    counts = {"f": 3, "m": 12, "o": 0, "t": 15}

    withheld = suppress(counts, [Line(("f", "m", "o"), "t")], threshold=5)

    assert withheld == {"f": PRIMARY, "m": SECONDARY}


def test_nothing_is_withheld_when_every_count_is_large_enough():
    counts, lines = table([[10, 20], [30, 40]])
    assert suppress(counts, lines, threshold=5) == {}


def test_published_text():
    assert shown(3, withheld=PRIMARY, threshold=5) == "<5"
    assert shown(12, withheld=SECONDARY, threshold=5) == "x"
    assert shown(1234, withheld=None, threshold=5) == "1,234"
    assert shown(46.9, withheld=None, threshold=5) == "46.9"


tables = st.integers(1, 4).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=1, max_size=5)
)


@given(tables, st.integers(2, 10))
def test_suppression_properties(rows, threshold):
    counts, lines = table(rows)

    withheld = suppress(counts, lines, threshold=threshold)

    # Every small count is withheld as primary.
    for key, n in counts.items():
        if 0 < n < threshold:
            assert withheld.get(key) == PRIMARY
    # No line has exactly one withheld entry, so no withheld figure follows from its total by subtraction
    # (unless every other entry of the line is withheld already and there is nothing left to add).
    for line in lines:
        entries = [*line.cells, line.total]
        hidden = [k for k in entries if k in withheld]
        assert len(hidden) != 1
    # Only small counts are primary.
    assert all(0 < counts[k] < threshold for k, why in withheld.items() if why == PRIMARY)
