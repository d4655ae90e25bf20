"""Who is covered and what was authorized: the eligibility folder a check reads (issue 13).

Owns: the eligibility data (agreements, beneficiaries, waiting periods, authorizations) as
loaded, the readers of its CSV files, and the IN 162 activation rule.
May import: lotcheck.core, lotcheck.messages, lotcheck.reader.files, lotcheck.contract.

Modules: :mod:`~lotcheck.eligibility.types` (the data), :mod:`~lotcheck.eligibility.errors`,
:mod:`~lotcheck.eligibility.files` (:func:`load_eligibility`, the folder) reading each CSV through
:mod:`~lotcheck.eligibility.tables`, :mod:`~lotcheck.eligibility.beneficiaries` and
:mod:`~lotcheck.eligibility.plans`, the compact roster of
:mod:`~lotcheck.eligibility.roster`, the IN 162 rule in :mod:`~lotcheck.eligibility.activation`,
and :mod:`~lotcheck.eligibility.coverage`, the one place each coverage fact (excluded, suspended,
agreement active, waiting start and match) is decided for the rules. docs/eligibility.md
describes the files and the codes. This ``__init__`` imports nothing: the rules import the
modules they read, and a check without eligibility loads none of them.
"""
