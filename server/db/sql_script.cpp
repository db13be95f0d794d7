#include "server/db/sql_script.h"

#include "server/db/db_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// CREATE [OR REPLACE] [TEMP|TEMPORARY] [CONSTRAINT] TRIGGER|FUNCTION|PROCEDURE:
// a statement whose BEGIN ... END body may hold ';'.
bool isCompoundHead(const QStringList &words)
{
    if (words.isEmpty() || words.first() != "CREATE"_L1)
        return false;
    for (qsizetype i = 1; i < words.size(); ++i) {
        const QString &w = words[i];
        if (w == "OR"_L1 || w == "REPLACE"_L1 || w == "TEMP"_L1 || w == "TEMPORARY"_L1 ||
            w == "CONSTRAINT"_L1)
            continue;
        return w == "TRIGGER"_L1 || w == "FUNCTION"_L1 || w == "PROCEDURE"_L1;
    }
    return false;
}

class Splitter {
public:
    Splitter(QStringView script, Dialect dialect)
        : m_s(script)
        , m_dialect(dialect)
    {}

    Result<QList<SqlStatement>> run()
    {
        while (m_pos < m_s.size()) {
            const QChar c = m_s[m_pos];
            if (c == u'-' && peek(1) == u'-') {
                skipLineComment();
            } else if (c == u'/' && peek(1) == u'*') {
                if (auto ok = skipBlockComment(); !ok)
                    return std::unexpected(ok.error());
            } else if (c.isSpace()) {
                advance();
            } else {
                markStart();
                if (auto ok = scanToken(); !ok)
                    return std::unexpected(ok.error());
            }
        }
        if (m_depth > 0)
            return error(m_start, u"BEGIN ... END body is not closed"_s);
        flush(m_s.size());
        return m_out;
    }

private:
    QChar peek(qsizetype ahead) const { return m_pos + ahead < m_s.size() ? m_s[m_pos + ahead] : QChar(); }

    void advance(qsizetype n = 1)
    {
        for (qsizetype i = 0; i < n && m_pos < m_s.size(); ++i) {
            if (m_s[m_pos] == u'\n')
                ++m_line;
            ++m_pos;
        }
    }

    std::unexpected<Error> error(qsizetype at, const QString &what) const
    {
        int line = 1;
        for (qsizetype i = 0; i < at && i < m_s.size(); ++i)
            line += m_s[i] == u'\n' ? 1 : 0;
        return fail(dberr::migrationInvalid, u"line %1: %2"_s.arg(line).arg(what));
    }

    void markStart()
    {
        if (m_start < 0) {
            m_start = m_pos;
            m_startLine = m_line;
            m_words.clear();
            m_compound = false;
            m_depth = 0;
        }
    }

    void flush(qsizetype end)
    {
        if (m_start >= 0) {
            const QString text = m_s.sliced(m_start, end - m_start).trimmed().toString();
            if (!text.isEmpty())
                m_out.append(SqlStatement{text, m_startLine});
        }
        m_start = -1;
    }

    void skipLineComment()
    {
        while (m_pos < m_s.size() && m_s[m_pos] != u'\n')
            advance();
    }

    Result<void> skipBlockComment()
    {
        const qsizetype begin = m_pos;
        int nesting = 0;
        while (m_pos < m_s.size()) {
            if (m_s[m_pos] == u'/' && peek(1) == u'*') {
                // SQLite comments do not nest.
                nesting = m_dialect == Dialect::PostgreSql || nesting == 0 ? nesting + 1 : nesting;
                advance(2);
            } else if (m_s[m_pos] == u'*' && peek(1) == u'/') {
                advance(2);
                if (--nesting == 0)
                    return {};
            } else {
                advance();
            }
        }
        return error(begin, u"/* comment is not closed"_s);
    }

    Result<void> skipQuoted(QChar close, bool backslashEscapes)
    {
        const qsizetype begin = m_pos;
        advance(); // opening quote
        while (m_pos < m_s.size()) {
            const QChar c = m_s[m_pos];
            if (backslashEscapes && c == u'\\') {
                advance(2);
            } else if (c == close) {
                if (close != u']' && peek(1) == close) {
                    advance(2); // doubled quote
                } else {
                    advance();
                    return {};
                }
            } else {
                advance();
            }
        }
        return error(begin, u"quoted text starting here is not closed"_s);
    }

    // At '$': a PostgreSQL dollar quote $tag$...$tag$ (tag may be empty).
    qsizetype dollarTagLength() const
    {
        if (m_dialect != Dialect::PostgreSql || (m_pos > 0 && isWordChar(m_s[m_pos - 1])))
            return 0;
        qsizetype i = m_pos + 1;
        if (i < m_s.size() && m_s[i].isDigit())
            return 0; // $1 is a parameter
        while (i < m_s.size() && (m_s[i].isLetterOrNumber() || m_s[i] == u'_'))
            ++i;
        return i < m_s.size() && m_s[i] == u'$' ? i - m_pos + 1 : 0;
    }

    Result<void> skipDollarQuoted(qsizetype tagLength)
    {
        const qsizetype begin = m_pos;
        const QStringView tag = m_s.sliced(m_pos, tagLength);
        advance(tagLength);
        const qsizetype close = m_s.indexOf(tag, m_pos);
        if (close < 0)
            return error(begin, u"dollar-quoted body %1 is not closed"_s.arg(tag.toString()));
        advance(close + tagLength - m_pos);
        return {};
    }

    void word()
    {
        const qsizetype begin = m_pos;
        while (m_pos < m_s.size() && isWordChar(m_s[m_pos]))
            advance();
        const QString w = m_s.sliced(begin, m_pos - begin).toString().toUpper();
        if (m_words.size() < 6) {
            m_words.append(w);
            m_compound = m_compound || isCompoundHead(m_words);
        }
        if (!m_compound)
            return;
        if (w == "BEGIN"_L1 || w == "CASE"_L1)
            ++m_depth;
        else if (w == "END"_L1 && m_depth > 0)
            --m_depth;
    }

    Result<void> scanToken()
    {
        const QChar c = m_s[m_pos];
        if (c == u';') {
            if (m_depth > 0) {
                advance();
                return {};
            }
            flush(m_pos);
            advance();
            return {};
        }
        if (c == u'\'') {
            const bool escapes = m_dialect == Dialect::PostgreSql && m_pos > 0 &&
                                 (m_s[m_pos - 1] == u'E' || m_s[m_pos - 1] == u'e') &&
                                 (m_pos < 2 || !isWordChar(m_s[m_pos - 2]));
            return skipQuoted(u'\'', escapes);
        }
        if (c == u'"')
            return skipQuoted(u'"', false);
        if (m_dialect == Dialect::Sqlite && c == u'`')
            return skipQuoted(u'`', false);
        if (m_dialect == Dialect::Sqlite && c == u'[')
            return skipQuoted(u']', false);
        if (c == u'$') {
            if (const qsizetype tag = dollarTagLength(); tag > 0)
                return skipDollarQuoted(tag);
        }
        if (isWordChar(c)) {
            word();
            return {};
        }
        advance();
        return {};
    }

    QStringView m_s;
    Dialect m_dialect;
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_start = -1;
    int m_startLine = 0;
    QStringList m_words;
    bool m_compound = false;
    int m_depth = 0;
    QList<SqlStatement> m_out;
};

} // namespace

Result<QList<SqlStatement>> splitSqlScript(QStringView script, Dialect dialect)
{
    return Splitter(script, dialect).run();
}

} // namespace creditdesk::server
