"""Every user-facing text of the ledger, in English and Portuguese, side by side.

One place, so that no sentence of one language is built from words of the other (the CLI used to
print ``lote 1002 (3 guias) — recorded`` with ``--lang en``), and so that the later move of all
messages into one catalog per language has a single table to take. Each entry is a
:class:`Text` pair of ``str.format`` templates; parameters are filled the same in both languages,
except a :class:`Text` given as a parameter, which is itself taken in the message's language.

Numbers, TISS element names, periods and paths are language-neutral and go in as they are. The
driver's own error text (``detail``) is quoted as the driver wrote it, in both languages: it is
the server's words, not ours, and translating it would lose what a DBA searches for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, NamedTuple

if TYPE_CHECKING:
    from lotcheck.ledger.records import CloseOutcome, LedgerLot

Lang = Literal["pt", "en"]


class Text(NamedTuple):
    """One message in both languages."""

    en: str
    pt: str

    def get(self, lang: str) -> str:
        """The template in ``lang`` (anything but ``en`` is Portuguese, the users' language)."""
        return self.en if lang == "en" else self.pt


#: The ledger's messages by key. Keys are stable (LedgerError.key); wording may change.
MESSAGES: Final[dict[str, Text]] = {
    # -- where the ledger is ---------------------------------------------------------------
    "url.empty": Text("empty ledger URL", "URL do livro-razão vazia."),
    "url.invalid": Text(
        "cannot read the ledger URL {url}: {detail}",
        "URL do livro-razão ilegível {url}: {detail}",
    ),
    "url.scheme": Text(
        "unsupported ledger URL scheme {scheme!r} in {url}: use a file path, sqlite:///path or "
        "postgresql://user@host/db",
        "Tipo de URL do livro-razão não suportado {scheme!r} em {url}: use um caminho de "
        "arquivo, sqlite:///caminho ou postgresql://usuario@servidor/banco.",
    ),
    "url.timeout": Text(
        "invalid ledger setting {name}={value!r} (from {source}): expected whole seconds, "
        "0 for no limit",
        "Configuração inválida do livro-razão {name}={value!r} (em {source}): use segundos "
        "inteiros, 0 para sem limite.",
    ),
    "sqlite.missing": Text(
        "the ledger {path} does not exist: check the path, or record a closing there first "
        "(lotcheck ledger close)",
        "O livro-razão {path} não existe: confira o caminho ou grave antes um fechamento nele "
        "(lotcheck ledger close).",
    ),
    "sqlite.not_a_file": Text(
        "the ledger {path} is not a file",
        "O livro-razão {path} não é um arquivo.",
    ),
    "sqlite.interrupted": Text(
        "the ledger {path} holds a closing that was interrupted ({journal} is beside it) and "
        "cannot be read until it is undone; the next lotcheck ledger close or reopen undoes it "
        "(it needs write access to the folder)",
        "O livro-razão {path} tem um fechamento interrompido ({journal} está ao lado) e não "
        "pode ser lido até que seja desfeito; o próximo lotcheck ledger close ou reopen o "
        "desfaz (é preciso permissão de escrita na pasta).",
    ),
    "sqlite.memory_read_only": Text(
        "an in-memory ledger opened read-only is always empty; name a ledger file or server",
        "Um livro-razão em memória aberto só para leitura está sempre vazio; indique um arquivo "
        "ou servidor.",
    ),
    "sqlite.folder_missing": Text(
        "folder {folder} does not exist (ledger {path})",
        "A pasta {folder} não existe (livro-razão {path}).",
    ),
    "sqlite.folder_unwritable": Text(
        "cannot write the ledger {path}: folder {folder} is not writable{detail}",
        "Não é possível gravar o livro-razão {path}: sem permissão de escrita na pasta "
        "{folder}{detail}.",
    ),
    "pg.unreachable": Text(
        "cannot connect to the ledger server {location}: {detail}",
        "Não foi possível conectar ao servidor do livro-razão {location}: {detail}",
    ),
    "pg.timeout": Text(
        "the ledger server {location} did not answer within {seconds} s "
        "(connect_timeout; see LOTCHECK_LEDGER_CONNECT_TIMEOUT)",
        "O servidor do livro-razão {location} não respondeu em {seconds} s "
        "(connect_timeout; veja LOTCHECK_LEDGER_CONNECT_TIMEOUT).",
    ),
    # -- schema ----------------------------------------------------------------------------
    "schema.newer": Text(
        "the ledger {location} has schema version {found}, newer than this lotcheck knows "
        "({known}); upgrade lotcheck",
        "O livro-razão {location} está na versão {found} do esquema, mais nova que a que este "
        "lotcheck conhece ({known}); atualize o lotcheck.",
    ),
    "schema.outdated_read_only": Text(
        "the ledger {location} has schema version {found}, this lotcheck needs {known}; open it "
        "once read-write (e.g. lotcheck ledger close) to create or upgrade it",
        "O livro-razão {location} está na versão {found} do esquema e este lotcheck precisa da "
        "{known}; abra-o uma vez para escrita (por exemplo lotcheck ledger close) para criá-lo "
        "ou atualizá-lo.",
    ),
    # -- use -------------------------------------------------------------------------------
    "period.invalid": Text(
        "invalid period {period!r}: expected YYYY-MM (e.g. 2024-03)",
        "Competência inválida {period!r}: use AAAA-MM (por exemplo 2024-03).",
    ),
    "lot.no_identity": Text(
        "lot {path} has no provider id or lot number; it cannot be closed",
        "O lote {path} não tem identificação do prestador ou número do lote; não pode ser fechado.",
    ),
    "read_only": Text(
        "the ledger {location} was opened read-only",
        "O livro-razão {location} foi aberto somente para leitura.",
    ),
    "disposed": Text("the ledger was closed", "O livro-razão já foi fechado."),
    # -- the database said no --------------------------------------------------------------
    "db.open": Text(
        "cannot open the ledger {location}: {detail}",
        "Não foi possível abrir o livro-razão {location}: {detail}",
    ),
    "db.close": Text(
        "the closing failed in the ledger {location}; nothing was recorded: {detail}",
        "O fechamento falhou no livro-razão {location}; nada foi gravado: {detail}",
    ),
    "db.reopen": Text(
        "the reopening failed in the ledger {location}; nothing was removed: {detail}",
        "A reabertura falhou no livro-razão {location}; nada foi removido: {detail}",
    ),
    "db.read": Text(
        "cannot read the ledger {location}: {detail}",
        "Não foi possível ler o livro-razão {location}: {detail}",
    ),
    "db.statement_timeout": Text(
        "the ledger {location} did not finish within {seconds} s (statement_timeout; see "
        "LOTCHECK_LEDGER_STATEMENT_TIMEOUT): {detail}",
        "O livro-razão {location} não concluiu em {seconds} s (statement_timeout; veja "
        "LOTCHECK_LEDGER_STATEMENT_TIMEOUT): {detail}",
    ),
    # -- lotcheck.closing ------------------------------------------------------------------
    "notlot": Text(
        "{path}: {reasons} (cannot be closed); nothing was recorded",
        "{path}: {reasons} (não é um lote fechável); nada foi gravado",
    ),
    "notlot.no_number": Text("no numeroLote", "sem numeroLote"),
    # -- what the CLI prints (see the describe_* functions) ----------------------------------
    "out.recorded": Text(
        "{path}: lot {lot} ({guides}) — recorded in {period}",
        "{path}: lote {lot} ({guides}) — registrado em {period}",
    ),
    "out.already_closed": Text(
        "{path}: lot {lot} ({guides}) — already closed in {period}",
        "{path}: lote {lot} ({guides}) — já estava fechado em {period}",
    ),
    "out.guides": Text("{count} guides", "{count} guias"),
    "out.guide": Text("1 guide", "1 guia"),
    "out.row": Text(
        "{period}  {provider}  lot {lot}  {guides}  {closed_at}  {path}",
        "{period}  {provider}  lote {lot}  {guides}  {closed_at}  {path}",
    ),
    "out.no_lots": Text("(no closed lot)", "(nenhum lote fechado)"),
    "out.reopened": Text(
        "{period}: {count} lot(s) reopened", "{period}: {count} lote(s) reaberto(s)"
    ),
}


def render(key: str, lang: str, **params: object) -> str:
    """The message ``key`` in ``lang``, with ``params`` (a :class:`Text` param in ``lang`` too)."""
    values = {k: v.get(lang) if isinstance(v, Text) else v for k, v in params.items()}
    return MESSAGES[key].get(lang).format(**values)


class LedgerError(Exception):
    """A ledger problem the user can act on (no such ledger, server down, bad period...).

    ``key`` names the message in :data:`MESSAGES` and ``params`` its values, for whoever wants
    to word it again; ``message`` is the English text (also ``str(error)``, for logs and bug
    reports) and ``message_pt`` the Portuguese one; :meth:`text` picks by language. No message
    ever holds a password: locations are rendered with it masked.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        self.message = render(key, "en", **params)
        self.message_pt = render(key, "pt", **params)
        super().__init__(self.message)

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``pt`` or ``en``)."""
        return self.message if lang == "en" else self.message_pt


def _guides(count: int, lang: str) -> str:
    return render("out.guide", lang) if count == 1 else render("out.guides", lang, count=count)


def describe_outcome(outcome: CloseOutcome, lang: str) -> str:
    """One line of ``lotcheck ledger close``: the lot and whether it was new, or where it was."""
    return render(
        "out.recorded" if outcome.recorded else "out.already_closed",
        lang,
        path=outcome.display_path,
        lot=outcome.lot.lot_number,
        guides=_guides(len(outcome.lot.guides), lang),
        period=outcome.period,
    )


def describe_lot(lot: LedgerLot, lang: str) -> str:
    """One line of ``lotcheck ledger list``; printable whatever bytes the file name had."""
    return render(
        "out.row",
        lang,
        period=lot.period,
        provider=lot.provider,
        lot=lot.lot_number,
        guides=_guides(lot.guide_count, lang),
        closed_at=f"{lot.closed_at:%Y-%m-%d %H:%M}",
        path=lot.path,
    )


def describe_no_lots(lang: str) -> str:
    """What ``lotcheck ledger list`` prints when nothing matches."""
    return render("out.no_lots", lang)


def describe_reopen(period: str, count: int, lang: str) -> str:
    """What ``lotcheck ledger reopen`` prints."""
    return render("out.reopened", lang, period=period, count=count)
