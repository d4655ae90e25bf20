"""Who is covered and what was authorized: the eligibility folder a check reads (issue 13).

Owns: the eligibility data (agreements, beneficiaries, waiting periods, authorizations) as
loaded, the readers of its CSV files, and the IN 162 activation rule.
May import: lotcheck.core, lotcheck.messages, lotcheck.reader.files, lotcheck.contract.

IN PROGRESS (issue 13): see docs/eligibility.md for the file formats.
"""
