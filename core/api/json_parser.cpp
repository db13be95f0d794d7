// The strict JSON reader of json_node.h: RFC 8259, number literals kept as text.
#include "core/api/api_errors.h"
#include "core/api/json_node.h"

#include <QJsonObject>

#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace creditdesk::api {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class Parser {
public:
    Parser(QByteArrayView input, int maxDepth)
        : m_begin(input.data())
        , m_p(input.data())
        , m_end(input.data() + input.size())
        , m_maxDepth(maxDepth)
    {}

    Result<JsonNode> run()
    {
        if (m_end - m_p >= 3 && static_cast<unsigned char>(m_p[0]) == 0xEF &&
            static_cast<unsigned char>(m_p[1]) == 0xBB && static_cast<unsigned char>(m_p[2]) == 0xBF)
            return failed("byte order mark");
        JsonNode root;
        skipSpace();
        if (!value(root, 0))
            return std::unexpected(*m_error);
        skipSpace();
        if (m_p != m_end)
            return failed("data after the JSON value");
        return root;
    }

private:
    std::unexpected<Error> failed(const char *what)
    {
        fail(what);
        return std::unexpected(*m_error);
    }

    bool fail(const char *what)
    {
        if (!m_error) {
            m_error =
                makeError(errc::invalidResponse,
                          u"malformed JSON at byte %1: %2"_s.arg(m_p - m_begin).arg(QLatin1StringView(what)),
                          QJsonObject{{u"reason"_s, u"malformed_json"_s}});
        }
        return false;
    }

    void skipSpace()
    {
        while (m_p != m_end && isSpace(*m_p))
            ++m_p;
    }

    bool literal(const char *word)
    {
        for (const char *w = word; *w; ++w, ++m_p) {
            if (m_p == m_end || *m_p != *w)
                return fail("invalid literal");
        }
        return true;
    }

    bool value(JsonNode &out, int depth)
    {
        if (m_p == m_end)
            return fail("unexpected end of input");
        switch (*m_p) {
        case '{':
            return object(out, depth + 1);
        case '[':
            return array(out, depth + 1);
        case '"': {
            QString text;
            if (!string(text))
                return false;
            out = JsonNode::string(std::move(text));
            return true;
        }
        case 't':
            out = JsonNode::boolean(true);
            return literal("true");
        case 'f':
            out = JsonNode::boolean(false);
            return literal("false");
        case 'n':
            out = JsonNode();
            return literal("null");
        default:
            return number(out);
        }
    }

    bool object(JsonNode &out, int depth)
    {
        if (depth > m_maxDepth)
            return fail("nested too deeply");
        ++m_p; // '{'
        std::vector<JsonNode::Member> members;
        skipSpace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            out = JsonNode::object(std::move(members));
            return true;
        }
        while (true) {
            skipSpace();
            if (m_p == m_end || *m_p != '"')
                return fail("expected a member name");
            QString key;
            if (!string(key))
                return false;
            for (const JsonNode::Member &m : members) {
                if (m.first == key)
                    return fail("duplicate member name");
            }
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return fail("expected ':'");
            ++m_p;
            skipSpace();
            JsonNode member;
            if (!value(member, depth))
                return false;
            members.emplace_back(std::move(key), std::move(member));
            skipSpace();
            if (m_p == m_end)
                return fail("unterminated object");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                break;
            }
            return fail("expected ',' or '}'");
        }
        out = JsonNode::object(std::move(members));
        return true;
    }

    bool array(JsonNode &out, int depth)
    {
        if (depth > m_maxDepth)
            return fail("nested too deeply");
        ++m_p; // '['
        std::vector<JsonNode> items;
        skipSpace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            out = JsonNode::array(std::move(items));
            return true;
        }
        while (true) {
            skipSpace();
            JsonNode item;
            if (!value(item, depth))
                return false;
            items.push_back(std::move(item));
            skipSpace();
            if (m_p == m_end)
                return fail("unterminated array");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                break;
            }
            return fail("expected ',' or ']'");
        }
        out = JsonNode::array(std::move(items));
        return true;
    }

    bool number(JsonNode &out)
    {
        const char *start = m_p;
        if (m_p != m_end && *m_p == '-')
            ++m_p;
        if (m_p == m_end || !isDigit(*m_p))
            return fail("unexpected character");
        if (*m_p == '0') {
            ++m_p;
        } else {
            while (m_p != m_end && isDigit(*m_p))
                ++m_p;
        }
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (m_p == m_end || !isDigit(*m_p))
                return fail("digit expected after '.'");
            while (m_p != m_end && isDigit(*m_p))
                ++m_p;
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (m_p == m_end || !isDigit(*m_p))
                return fail("digit expected in exponent");
            while (m_p != m_end && isDigit(*m_p))
                ++m_p;
        }
        if (m_p - start > 4096)
            return fail("number literal too long");
        out = JsonNode::numberLiteral(QString::fromLatin1(start, m_p - start));
        return true;
    }

    // Validates one UTF-8 sequence starting at m_p (a byte >= 0x80) and steps over it.
    bool utf8Sequence()
    {
        const auto byte = [this](qsizetype i) {
            return static_cast<unsigned char>(m_p[i]);
        };
        const unsigned char lead = byte(0);
        int length = 0;
        char32_t cp = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            cp = lead & 0x1Fu;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            cp = lead & 0x0Fu;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            cp = lead & 0x07u;
        } else {
            return fail("invalid UTF-8");
        }
        if (m_end - m_p < length)
            return fail("truncated UTF-8 sequence");
        for (int i = 1; i < length; ++i) {
            if ((byte(i) & 0xC0u) != 0x80u)
                return fail("invalid UTF-8");
            cp = (cp << 6) | (byte(i) & 0x3Fu);
        }
        if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return fail("invalid UTF-8");
        m_p += length;
        return true;
    }

    bool hex4(char16_t &unit)
    {
        if (m_end - m_p < 4)
            return fail("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_p[i]);
            if (h < 0)
                return fail("invalid \\u escape");
            v = v * 16 + h;
        }
        m_p += 4;
        unit = static_cast<char16_t>(v);
        return true;
    }

    bool escape(QString &out)
    {
        ++m_p; // '\'
        if (m_p == m_end)
            return fail("truncated escape");
        const char c = *m_p++;
        static constexpr std::pair<char, char16_t> kSimple[] = {{'"', u'"'},  {'\\', u'\\'}, {'/', u'/'},
                                                                {'b', u'\b'}, {'f', u'\f'},  {'n', u'\n'},
                                                                {'r', u'\r'}, {'t', u'\t'}};
        for (const auto &[letter, unit] : kSimple) {
            if (c == letter) {
                out.append(QChar(unit));
                return true;
            }
        }
        if (c != 'u')
            return fail("invalid escape");
        char16_t unit = 0;
        if (!hex4(unit))
            return false;
        if (QChar::isLowSurrogate(unit))
            return fail("lone low surrogate");
        if (!QChar::isHighSurrogate(unit)) {
            out.append(QChar(unit));
            return true;
        }
        if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
            return fail("lone high surrogate");
        m_p += 2;
        char16_t low = 0;
        if (!hex4(low))
            return false;
        if (!QChar::isLowSurrogate(low))
            return fail("lone high surrogate");
        out.append(QChar(unit));
        out.append(QChar(low));
        return true;
    }

    bool string(QString &out)
    {
        ++m_p; // opening quote
        const char *run = m_p;
        const auto flush = [&] {
            if (m_p != run)
                out.append(QString::fromUtf8(run, m_p - run));
        };
        while (true) {
            if (m_p == m_end)
                return fail("unterminated string");
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                flush();
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return fail("control character in string");
            if (c == '\\') {
                flush();
                if (!escape(out))
                    return false;
                run = m_p;
                continue;
            }
            if (c >= 0x80) {
                if (!utf8Sequence())
                    return false;
                continue;
            }
            ++m_p;
        }
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    int m_maxDepth;
    std::optional<Error> m_error;
};

} // namespace

bool isJsonNumber(QStringView text)
{
    qsizetype i = 0;
    const auto digits = [&] {
        const qsizetype start = i;
        while (i < text.size() && text[i] >= u'0' && text[i] <= u'9')
            ++i;
        return i - start;
    };
    if (i < text.size() && text[i] == u'-')
        ++i;
    const qsizetype start = i;
    const qsizetype whole = digits();
    if (whole == 0 || (whole > 1 && text[start] == u'0'))
        return false;
    if (i < text.size() && text[i] == u'.') {
        ++i;
        if (digits() == 0)
            return false;
    }
    if (i < text.size() && (text[i] == u'e' || text[i] == u'E')) {
        ++i;
        if (i < text.size() && (text[i] == u'+' || text[i] == u'-'))
            ++i;
        if (digits() == 0)
            return false;
    }
    return i == text.size();
}

Result<JsonNode> parseJson(QByteArrayView utf8, int maxDepth)
{
    return Parser(utf8, maxDepth).run();
}

} // namespace creditdesk::api
