"""The amount a goal aims at and the object it counts: "two billion customers",
"$300m", "grow 16% to 250,000" (a level aimed at, then the size of the change),
"cut costs by $1bn", "supply Japan Airlines with up to 50 of its planes".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.facts import quantities
from kg.facts.syntax import amount_span, is_money_word


def amounts_of_change(action: Token) -> Iterator[quantities.Quantity]:
    """"grow 16% to 250,000", "double sales to 400,000", "cut costs by $1bn": the
    level aimed at, then the size of the change, when the object carries no number."""
    for prep in action.children:
        if prep.dep_ == "prep" and prep.lower_ == "to":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ != "DATE" and (found := quantity_of(obj)) is not None:
                    yield found
                    break
    size = size_of_change(action)
    if size is not None:
        yield size


def size_of_change(action: Token) -> quantities.Quantity | None:
    for child in action.children:
        if child.dep_ in ("npadvmod", "dobj") and child.ent_type_ in ("PERCENT", "MONEY", "CARDINAL"):
            return quantity_of(child)
    for prep in action.children:
        # "supply Japan Airlines with up to 50 of its planes"
        if prep.dep_ == "prep" and prep.lower_ in ("by", "for", "with"):
            for obj in prep.children:
                # "buy AT&T for $16bn": a price; "for 2005" or "for ten years" is not an amount
                if obj.dep_ == "pobj" and obj.ent_type_ != "DATE" and (prep.lower_ != "for" or obj.ent_type_ == "MONEY"):
                    found = quantity_of(obj)
                    if found is not None:
                        return found
    return None


def quantity_of(obj: Token | None) -> quantities.Quantity | None:
    """The number that counts the object ("two billion customers") or is the object
    ("$300m"); numbers deeper in the phrase ("a top five maker") do not count it."""
    if obj is None:
        return None
    doc = obj.doc
    if obj.ent_type_ in ("MONEY", "PERCENT", "CARDINAL") or obj.like_num:
        ent = next((e for e in doc.ents if e.start <= obj.i < e.end), None)
        span = amount_span(ent) if ent is not None else doc[obj.i : obj.i + 1]
        return quantities.parse(span.text)
    # "its 2005 growth forecast": a year modifies the noun, it does not count it
    # "the Sakhalin 3 field": a number right after a name modifying the noun is part of the name
    counters = [c for c in obj.children if c.dep_ in ("nummod", "quantmod") and (c.like_num or c.ent_type_) and c.ent_type_ != "DATE"
                and not (c.i > 0 and doc[c.i - 1].pos_ == "PROPN" and doc[c.i - 1].head.i == obj.i)]
    # "a 25% stake": a percentage or sum compounded with the noun sizes it
    counters += [c for c in obj.children if c.dep_ == "compound" and c.ent_type_ in ("PERCENT", "MONEY") and c.i < obj.i]
    if not counters:
        # "invest £10bn" with "10bn" left untagged: the currency sign names the amount
        signs = [c for c in obj.children if c.tag_ == "$" and c.i < obj.i]
        if signs and any(ch.isdigit() for ch in obj.text):
            return quantities.parse(doc[signs[0].i : obj.i + 1].text)
        return None
    tokens = sorted({t.i for c in counters for t in c.subtree})
    if is_money_word(obj):
        # "invest £10bn": the parser may make the currency sign the head of the amount
        tokens = sorted({*tokens, obj.i})
    return quantities.parse(doc[tokens[0] : tokens[-1] + 1].text)


def partitive_quantity(obj: Token | None) -> quantities.Quantity | None:
    """The amount of an unquantified noun's "of" phrase: "a fleet of 35,000 test cars",
    "an investment of $10bn"."""
    if obj is None or quantity_of(obj) is not None:
        return None
    return next((q for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj" and o.ent_type_ != "DATE" for q in [quantity_of(o)] if q), None)


def object_text(obj: Token | None) -> str | None:
    """The counted object as written, without determiners and numbers: "customers"."""
    if obj is None or obj.like_num or obj.ent_type_ in ("MONEY", "CARDINAL", "PERCENT"):
        return None  # the object is the amount itself: "offered to pay $300m"
    keep = [t for t in obj.subtree if t.i <= obj.i and t.dep_ not in ("det", "nummod", "quantmod", "punct") and not t.like_num and t.ent_type_ not in ("CARDINAL", "MONEY")]
    return " ".join(t.text for t in keep) or obj.text
