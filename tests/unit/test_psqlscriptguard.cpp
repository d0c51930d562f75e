// A plain dump is a psql script: the guard passes what pg_dump writes and stops every backslash
// command a planted dump could use to run programs on the operator's machine.
#include "backups/psqlscriptguard.h"

#include <catch2/catch.hpp>

#include <QRandomGenerator>

using namespace opsdeck;

namespace {

struct Guarded {
    bool ok = false;
    QByteArray passed;
    QString error;
};

// Feeds `script` in pieces of `piece` bytes (0: whole), as the restore's stream does.
Guarded guard(const QByteArray &script, qsizetype piece = 0)
{
    PsqlScriptGuard g;
    Guarded out;
    const qsizetype step = piece > 0 ? piece : std::max<qsizetype>(script.size(), 1);
    for (qsizetype at = 0; at < script.size(); at += step) {
        auto r = g.feed(script.mid(at, step));
        if (!r) {
            out.error = r.error().message;
            return out;
        }
        out.passed += r.value();
    }
    auto rest = g.finish();
    if (!rest) {
        out.error = rest.error().message;
        return out;
    }
    out.passed += rest.value();
    out.ok = true;
    return out;
}

// The shape of what pg_dump 15 writes, with the corners a lexer gets wrong: backslashes in COPY
// rows, E'' strings with escaped quotes, dollar-quoted bodies, comments, quoted identifiers.
const QByteArray kDump = R"(--
-- PostgreSQL database dump
--

\restrict Ab3dE5fG7hJ9kLmN0pQrStUvWxYz12345678901234567890abcdefghijklmn

-- Dumped from database version 15.18
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE FUNCTION public.shout(t text) RETURNS text
    LANGUAGE plpgsql
    AS $_$
BEGIN
  -- a body with a backslash: \! is text here
  RETURN upper(t) || E'\\! \' ' || $$ \x $$;
END
$_$;

/* a /* nested */ comment with \! inside */
CREATE TABLE public."Odd\Name" (
    id integer NOT NULL,
    note text DEFAULT 'C:\temp\'::text,
    price$ numeric
);

COPY public."Odd\Name" (id, note, price$) FROM stdin;
1	C:\\temp\\x	\N
2	\! not a command in data	1.5
\.

SELECT 'it''s', E'a\'b', $1, a$b$c FROM t;
--
-- PostgreSQL database dump complete
--

\unrestrict Ab3dE5fG7hJ9kLmN0pQrStUvWxYz12345678901234567890abcdefghijklmn
)";

} // namespace

TEST_CASE("what pg_dump writes passes through unchanged, in any piece size")
{
    for (qsizetype piece : {0, 1, 2, 7, 64, 4096}) {
        const Guarded g = guard(kDump, piece);
        INFO("piece " << piece << ": " << g.error.toStdString());
        REQUIRE(g.ok);
        CHECK(g.passed == kDump);
    }
}

TEST_CASE("a dump without a final newline keeps its last line")
{
    const Guarded g = guard("SELECT 1;\nSELECT 2;");
    REQUIRE(g.ok);
    CHECK(g.passed == "SELECT 1;\nSELECT 2;");
}

TEST_CASE("backslash commands a planted dump could use are refused, wherever psql would see them")
{
    const char *hostile[] = {
        "\\! touch /tmp/owned\n",
        "SELECT 1; \\! id\n",
        "SELECT 'closed' \\! id\n",
        "SELECT E'esc\\\\' \\! id\n",           // E'esc\\' ends the string; the command follows
        "SELECT $$body$$ \\! id\n",
        "SELECT \"ident\" \\o /tmp/x\n",
        "\\copy t FROM '/etc/passwd'\n",
        "\\i /etc/passwd\n",
        "\\o | sh\n",
        "\\set ON_ERROR_STOP 0\n",
        "\\connect other\n",
        "\\.\n",                                // the end of COPY data outside COPY
        "SELECT 1 \\restrict k\n",              // pg_dump's own commands only alone on their line
        "SELECT 1\n\\unrestrict k\n",           // ... and not inside a statement
        "COPY t FROM stdin;\n1\n\\.\n\\! id\n", // after the data ends, commands count again
        "/* ok */ \\! id\n",
        "SELECT 1 \\\\ \\! id\n",
        "\\!",                                  // no newline at the end
    };
    for (const char *script : hostile) {
        INFO(script);
        for (qsizetype piece : {0, 1, 3}) {
            const Guarded g = guard(script, piece);
            CHECK_FALSE(g.ok);
            CHECK(g.error.contains(QStringLiteral("psql command")));
        }
    }
}

TEST_CASE("the lines before a refused command pass, the refused one and everything after do not")
{
    const Guarded g = guard("CREATE TABLE a (x int);\nSELECT 1; \\! touch /tmp/owned\nCREATE TABLE b (x int);\n");
    CHECK_FALSE(g.ok);
    PsqlScriptGuard guardByParts;
    auto first = guardByParts.feed("CREATE TABLE a (x int);\nSELECT 1; \\! tou");
    REQUIRE(first.ok());
    CHECK(first.value() == "CREATE TABLE a (x int);\n");
    CHECK_FALSE(guardByParts.feed("ch /tmp/owned\nCREATE TABLE b (x int);\n").ok());
    CHECK_FALSE(guardByParts.feed("SELECT 2;\n").ok());  // refused once, refused for good
    CHECK_FALSE(guardByParts.finish().ok());
}

TEST_CASE("turning standard_conforming_strings off is refused: the lexers would disagree on quotes")
{
    for (const char *script : {"SET standard_conforming_strings = off;\nSELECT 'a\\' \\! id';\n",
                               "SET SESSION STANDARD_CONFORMING_STRINGS TO 0;\n",
                               "SELECT set_config('standard_conforming_strings', 'off', false);\n"}) {
        INFO(script);
        const Guarded g = guard(script);
        CHECK_FALSE(g.ok);
        CHECK(g.error.contains(QStringLiteral("standard_conforming_strings")));
    }
    CHECK(guard("SET standard_conforming_strings = on;\n").ok);
}

TEST_CASE("text after COPY ... FROM stdin on its line is refused")
{
    const Guarded g = guard("COPY t (a) FROM stdin; \\! id\n1\n\\.\n");
    CHECK_FALSE(g.ok);
    CHECK(guard("COPY t (a) FROM stdin;\n1\n\\.\n").ok);
}

TEST_CASE("a dump that ends inside COPY data or a quote is refused as cut short")
{
    for (const char *script : {"COPY t (a) FROM stdin;\n1\n2\n", "SELECT 'open\n", "SELECT $x$ open\n"}) {
        INFO(script);
        const Guarded g = guard(script);
        CHECK_FALSE(g.ok);
        CHECK(g.error.contains(QStringLiteral("cut short")));
    }
}

TEST_CASE("random bytes never crash the guard and never let a line-start command through")
{
    auto *rng = QRandomGenerator::global();
    const QByteArray alphabet = "ab'\"$\\-/*;\n E";
    for (int round = 0; round < 2000; ++round) {
        QByteArray script;
        const int length = rng->bounded(1, 80);
        for (int i = 0; i < length; ++i)
            script += alphabet.at(rng->bounded(alphabet.size()));
        script += "\n\\! id\n";
        // Whatever came before, the last line is either a command (refused) or inside a quote or a
        // comment that never ends (refused as cut short).
        INFO(script.toStdString());
        CHECK_FALSE(guard(script).ok);
    }
}
