"""The pricing stage: what the contract says an item is worth, computed once per item.

Owns: the priced result types, the formula (``price_item``) and its per-lot memo (``Pricer``),
the ``table.*`` and ``participation.*`` codes, and the valuation (sums sent and expected).
May import: lotcheck.core, lotcheck.messages, lotcheck.contract.

A payer re-prices every billed line before it pays, and so does lotcheck. This package owns that
step and nothing else: it turns **(contract, item)** into a priced result, and adds the results
up per service type and guide. The rules that compare what was sent with what the contract gives
(``rules/value.py``), the totals of the report and a future ``lotcheck price CODE --date`` all
read the *same* result object, so the formula exists once and runs once per item.

What is here:

* :mod:`~lotcheck.pricing.result`: the result types. :class:`~lotcheck.pricing.result.Priced`
  carries the explanation as data: the pricing method; its
  :class:`~lotcheck.pricing.result.Rate`, what the contract says for the code (the version in
  force, the price row, the participation degree and percentage, the expected unit); the
  quantity and factor used and the expected total. :class:`~lotcheck.pricing.result.Unpriced` is the reason there is no price: a finding
  code and its arguments. :class:`~lotcheck.pricing.result.PricedGuide` is one guide's results,
  item by item, with the item's own arithmetic and the findings of the unpriced items.
* :mod:`~lotcheck.pricing.price`: the formula, as the pure function
  :func:`~lotcheck.pricing.price.price_item`: a table a ``[[pricing]]`` scheme names goes to
  :mod:`~lotcheck.pricing.formula` (CBHPM components, AMB coefficients, materials and medicines
  references, packages), any other to the price list.
* :mod:`~lotcheck.pricing.formula`: one pure function per formula method, each giving a
  :class:`~lotcheck.pricing.result.Rate` whose ``components`` are the terms of its formula.
* :mod:`~lotcheck.pricing.explain`: a rate's formula in words (for messages and ``lotcheck
  price``) and as data (the JSON finding's ``pricing`` object).
* :mod:`~lotcheck.pricing.pricer`: the per-lot :class:`~lotcheck.pricing.pricer.Pricer` that
  memoizes it (a lot bills the same few codes on the same few days; the bounded caches keep the
  hot path fast) and prices a whole guide in one loop.
* :mod:`~lotcheck.pricing.table` declares the ``table.*`` codes (no version on the date, a code
  the version does not price), :mod:`~lotcheck.pricing.participation` the ``participation.*``
  ones (a degree the contract does not pay, two degrees on one line) and how an item's degree is
  read. A code family lives in the module named after it.
* :mod:`~lotcheck.pricing.valuation`: the sums sent and expected, per service type and guide,
  that the report prints; it reads the priced results and nothing else.
* :mod:`~lotcheck.pricing.quote`: one line asked directly (``lotcheck price``), built from a
  code, a date and the options and priced by :func:`~lotcheck.pricing.price.price_item`.

The formula, for an item with code C of table T on date D, quantity Q, factor F and degree G:
the version in force is the price table with the latest start ≤ D (and D ≤ ``valid_until``);
``pct = participation[G]`` (100 when the item names no degree); ``expected_unit = round(P × pct /
100)`` and ``expected_total = round(expected_unit × Q × F)``, to cents in the contract's rounding
mode. A consulta has one value, the unit; a dental line's ``valorProc`` is the line value
(``round(P × qtdProc)``), or the unit price with ``[dental] value_per = "unit"``. The item's own
arithmetic, ``valorTotal = round(valorUnitario × Q × F)``, is computed here too, once.

A formula method gives a :class:`~lotcheck.pricing.result.Rate` like the list does: its
``row.price`` is the sum of its components (rounded per component, or once on the sum, as the
contract says), and everything after the rate (the line total, the valuation, the value rules)
is the same whatever the method. A new method is a function in :mod:`~lotcheck.pricing.formula`,
its terms in :mod:`lotcheck.contract.schemes` and its words in the catalogs' ``pricing`` part.

Imports: :mod:`lotcheck.core`, :mod:`lotcheck.contract` and :mod:`lotcheck.messages` only. Never
the rules, the engine, the reader, the report, the renderers or the CLI: they sit above this
stage and read it.
"""
