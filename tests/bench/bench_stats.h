#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>
#include <utility>

// Latency statistics and Markdown output shared by bench_postgres and
// bench_mirror. Timings are integer nanoseconds (QElapsedTimer); nothing here
// asserts a time: the programs report, people judge.
namespace creditdesk::bench {

struct LatencySummary {
    qsizetype count = 0;
    qint64 p50Ns = 0;
    qint64 p99Ns = 0;
    qint64 maxNs = 0;
    qint64 totalNs = 0;
};

// Nearest-rank percentiles of the recorded samples.
class LatencySamples {
public:
    void reserve(qsizetype n) { m_ns.reserve(n); }
    void add(qint64 ns) { m_ns.append(ns); }
    [[nodiscard]] LatencySummary summarize() const;

private:
    QList<qint64> m_ns;
};

// Runs `body` `warmup` times unrecorded, then `iterations` times, timing each
// call. `body(recorder)` does its untimed set-up, then calls
// `recorder.start()` just before the work to time; the time runs to its
// return. It returns false to stop (its own error already reported).
class Recorder {
public:
    void start() { m_timer.start(); }
    [[nodiscard]] qint64 elapsedNs() const { return m_timer.nsecsElapsed(); }

private:
    QElapsedTimer m_timer;
};

template <typename Body>
[[nodiscard]] std::optional<LatencySummary> measure(int warmup, int iterations, Body &&body)
{
    Recorder recorder;
    for (int i = 0; i < warmup; ++i) {
        if (!body(recorder))
            return std::nullopt;
    }
    LatencySamples samples;
    samples.reserve(iterations);
    for (int i = 0; i < iterations; ++i) {
        if (!body(recorder))
            return std::nullopt;
        samples.add(recorder.elapsedNs());
    }
    return samples.summarize();
}

// "12.3" (microseconds, one decimal, from integer nanoseconds).
[[nodiscard]] QString formatMicros(qint64 ns);
// "1.23" (milliseconds, two decimals).
[[nodiscard]] QString formatMillis(qint64 ns);
// "12.3" (seconds, one decimal).
[[nodiscard]] QString formatSeconds(qint64 ns);
// "12,345" (thousands separated, for row counts and throughput).
[[nodiscard]] QString formatCount(qint64 n);
// Rows per second from a row count and a duration, as a grouped integer.
[[nodiscard]] QString formatRate(qint64 rows, qint64 ns);

// A GitHub-flavoured Markdown table.
class MarkdownTable {
public:
    explicit MarkdownTable(QStringList header)
        : m_header(std::move(header))
    {}
    void addRow(QStringList cells) { m_rows.append(std::move(cells)); }
    [[nodiscard]] QString render() const;

private:
    QStringList m_header;
    QList<QStringList> m_rows;
};

// A target on p99 and how to show it: "≤ 1 ms — met".
struct Target {
    qint64 p99Ns = 0;
    QString label; // "≤ 1 ms (seed: < 10 ms)"
};
[[nodiscard]] QString targetCell(const std::optional<Target> &target, const LatencySummary &summary);
[[nodiscard]] bool targetMet(const std::optional<Target> &target, const LatencySummary &summary);

// Output: the report (Markdown) on stdout, progress on stderr.
void report(const QString &markdown);
void progress(const QString &line);

// The 1/5/15-minute load averages from /proc/loadavg ("0.52 0.40 0.31"), or
// "unknown": printed with every report because the figures depend on it.
[[nodiscard]] QString loadAverage();

// "TZ=UTC" or "TZ unset": with TZ unset glibc re-reads /etc/localtime on
// every local-time conversion, which Qt's QDateTime does for each
// timestamptz value QPSQL returns (see docs/benchmarks.md).
[[nodiscard]] QString tzSetting();

// "2025-01-31 14:02 UTC" for report headers.
[[nodiscard]] QString nowUtcText();

} // namespace creditdesk::bench
