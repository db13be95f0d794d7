#include "tests/bench/bench_stats.h"

#include <QDateTime>
#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace creditdesk::bench {

namespace {

// 1-based nearest rank of percentile p (0 < p <= 100) among n samples.
qsizetype nearestRank(qsizetype n, qsizetype p)
{
    return std::max<qsizetype>(1, (p * n + 99) / 100);
}

QString decimal(qint64 ns, qint64 unitNs, int decimals)
{
    qint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    // round half up to `decimals` places of the unit
    const qint64 scaled = (ns * scale + unitNs / 2) / unitNs;
    const QString whole = QString::number(scaled / scale);
    if (decimals == 0)
        return whole;
    return whole + u'.' + QString::number(scaled % scale).rightJustified(decimals, u'0');
}

} // namespace

LatencySummary LatencySamples::summarize() const
{
    LatencySummary s;
    s.count = m_ns.size();
    if (m_ns.isEmpty())
        return s;
    QList<qint64> sorted = m_ns;
    std::ranges::sort(sorted);
    s.p50Ns = sorted[nearestRank(s.count, 50) - 1];
    s.p99Ns = sorted[nearestRank(s.count, 99) - 1];
    s.maxNs = sorted.constLast();
    for (const qint64 ns : sorted)
        s.totalNs += ns;
    return s;
}

QString formatMicros(qint64 ns)
{
    return decimal(ns, 1'000, 1);
}

QString formatMillis(qint64 ns)
{
    return decimal(ns, 1'000'000, 2);
}

QString formatSeconds(qint64 ns)
{
    return decimal(ns, 1'000'000'000, 1);
}

QString formatCount(qint64 n)
{
    QString digits = QString::number(n < 0 ? -n : n);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, u',');
    return n < 0 ? u'-' + digits : digits;
}

QString formatRate(qint64 rows, qint64 ns)
{
    if (ns <= 0)
        return u"-"_s;
    // rows * 1e9 / ns without overflow for any realistic count (< 9.2e9 rows)
    return formatCount(rows * 1'000'000'000 / ns);
}

QString MarkdownTable::render() const
{
    const auto line = [](const QStringList &cells) -> QString {
        return u"| "_s + cells.join(u" | "_s) + u" |\n"_s;
    };
    QStringList rule;
    for (qsizetype i = 0; i < m_header.size(); ++i)
        rule.append(i == 0 ? u"---"_s : u"--:"_s);
    QString out = line(m_header) + line(rule);
    for (const QStringList &row : m_rows)
        out += line(row);
    return out;
}

bool targetMet(const std::optional<Target> &target, const LatencySummary &summary)
{
    return !target || summary.p99Ns <= target->p99Ns;
}

QString targetCell(const std::optional<Target> &target, const LatencySummary &summary)
{
    if (!target)
        return u"— (reported)"_s;
    return target->label + (targetMet(target, summary) ? u" — met"_s : u" — **missed**"_s);
}

void report(const QString &markdown)
{
    static QTextStream out(stdout);
    out << markdown;
    out.flush();
}

void progress(const QString &line)
{
    static QTextStream err(stderr);
    err << u"[%1] "_s.arg(QDateTime::currentDateTimeUtc().toString(u"hh:mm:ss"_s)) << line << u'\n';
    err.flush();
}

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return u"unknown"_s;
    const QList<QByteArray> fields = file.readLine().split(' ');
    if (fields.size() < 3)
        return u"unknown"_s;
    const QByteArray text = fields[0] + ' ' + fields[1] + ' ' + fields[2];
    return QString::fromLatin1(text);
}

QString tzSetting()
{
    return qEnvironmentVariableIsSet("TZ") ? u"TZ=%1"_s.arg(qEnvironmentVariable("TZ")) : u"TZ unset"_s;
}

QString nowUtcText()
{
    return QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd HH:mm 'UTC'"_s);
}

} // namespace creditdesk::bench
