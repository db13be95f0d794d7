// HTTP load on a real creditdesk-server over loopback (issue 4's speed
// targets): coupon validation, balance and usage pages at 100 connections,
// then all three mixed at 1,000 connections. Figures go to docs/benchmarks.md.
//
//   bench_load --db postgresql://... [--seconds 10] [--users 10] [--rows 10000]
//              [--server path/to/creditdesk-server] [--threads N]
#include "tests/bench/bench_stats.h"
#include "tests/bench/load_client.h"
#include "tests/bench/load_server.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace creditdesk::bench;

namespace {

struct Workload {
    QByteArray host;
    QList<QByteArray> tokens;
    QByteArray couponBody;
};

// 1,000 client sockets plus 1,000 server sockets need more than the usual
// 1,024 descriptors; the server inherits the raised limit.
void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

std::optional<Workload> prepare(const LoadServer &server, int users, int rows)
{
    Workload w;
    w.host = server.baseUrl().authority().toLatin1();
    QString error;
    const QString tag = QString::number(QDateTime::currentMSecsSinceEpoch(), 36);
    for (int i = 0; i < users; ++i) {
        const QString email = u"load-%1-%2@example.com"_s.arg(tag).arg(i);
        if (server.admin({u"create-user"_s, u"--email"_s, email}, &error, "load-test-password\n").isEmpty() ||
            server
                .admin({u"set-subscription"_s, u"--email"_s, email, u"--tier"_s, u"pro"_s, u"--status"_s,
                        u"active"_s},
                       &error)
                .isEmpty() ||
            server
                .admin({u"generate-usage"_s, u"--email"_s, email, u"--rows"_s, QString::number(rows),
                        u"--days"_s, u"90"_s},
                       &error)
                .isEmpty()) {
            progress(u"setup failed: "_s + error);
            return std::nullopt;
        }
        const QJsonObject token = server.admin({u"issue-token"_s, u"--email"_s, email}, &error);
        if (token.isEmpty()) {
            progress(u"issue-token failed: "_s + error);
            return std::nullopt;
        }
        w.tokens.append(token.value(u"access_token"_s).toString().toLatin1());
        progress(u"user %1/%2 ready (%3 usage rows)"_s.arg(i + 1).arg(users).arg(rows));
    }
    const QString code = u"LOAD"_s + tag.toUpper();
    if (server
            .admin({u"create-coupon"_s, u"--code"_s, code, u"--coupon-type"_s, u"percentage_discount"_s,
                    u"--discount-type"_s, u"percentage"_s, u"--value"_s, u"20"_s},
                   &error)
            .isEmpty()) {
        progress(u"create-coupon failed: "_s + error);
        return std::nullopt;
    }
    w.couponBody = R"({"code":")" + code.toLatin1() + R"(","subscription_tier":"pro","cart_total":15.00})";
    return w;
}

enum class Kind { Coupon, Balance, Usage, Mixed };

QByteArray requestFor(const Workload &w, Kind kind, int index, qint64 n)
{
    const QByteArray &token = w.tokens[index % w.tokens.size()];
    const Kind k = kind == Kind::Mixed ? static_cast<Kind>((index + n) % 3) : kind;
    switch (k) {
    case Kind::Coupon:
        return httpRequest("POST", "/api/coupons/validate", w.host, {}, w.couponBody);
    case Kind::Balance:
        return httpRequest("GET", "/api/user/credits", w.host, token);
    case Kind::Usage:
    case Kind::Mixed:
        break;
    }
    return httpRequest("GET", "/v1/usage?after=&limit=100", w.host, token);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"HTTP load on creditdesk-server over loopback."_s);
    parser.addHelpOption();
    parser.addOptions(
        {{u"db"_s, u"Database URL (PostgreSQL for the targets)."_s, u"url"_s},
         {u"server"_s, u"creditdesk-server executable."_s, u"path"_s, QStringLiteral(CREDITDESK_SERVER_EXE)},
         {u"seconds"_s, u"Measured seconds per phase."_s, u"n"_s, u"10"_s},
         {u"users"_s, u"Users (tokens) the connections share."_s, u"n"_s, u"10"_s},
         {u"rows"_s, u"Usage rows per user."_s, u"n"_s, u"10000"_s},
         {u"threads"_s, u"Server worker threads (0 = its default)."_s, u"n"_s, u"0"_s},
         {u"server-log"_s, u"Write the server's log (one line per request) here."_s, u"file"_s},
         {u"only"_s, u"Run only the phases whose name contains this."_s, u"text"_s}});
    parser.process(app);
    if (!parser.isSet(u"db"_s)) {
        progress(u"--db is required"_s);
        return 1;
    }
    raiseFileLimit();
    LoadServer server(parser.value(u"server"_s), parser.value(u"db"_s));
    QString error;
    if (!server.start(parser.value(u"threads"_s).toInt(), parser.value(u"server-log"_s), &error)) {
        progress(error);
        return 2;
    }
    const auto workload = prepare(server, parser.value(u"users"_s).toInt(), parser.value(u"rows"_s).toInt());
    if (!workload)
        return 2;

    struct PhaseSpec {
        QString name;
        Kind kind;
        int connections;
        std::optional<Target> target;
    };
    const QList<PhaseSpec> phases{
        {u"coupon validation"_s, Kind::Coupon, 100, Target{5'000'000, u"≤ 5 ms"_s}},
        {u"balance (/api/user/credits)"_s, Kind::Balance, 100, std::nullopt},
        {u"usage page (/v1/usage, 100 rows)"_s, Kind::Usage, 100, std::nullopt},
        {u"mixed, 1,000 connections"_s, Kind::Mixed, 1000, Target{100'000'000, u"≤ 100 ms, 0 errors"_s}},
    };
    MarkdownTable table({u"Phase"_s, u"Connections"_s, u"Requests/s"_s, u"p50 ms"_s, u"p99 ms"_s, u"max ms"_s,
                         u"Errors"_s, u"p99 target"_s});
    bool allMet = true;
    for (const PhaseSpec &spec : phases) {
        if (parser.isSet(u"only"_s) && !spec.name.contains(parser.value(u"only"_s)))
            continue;
        progress(u"phase: "_s + spec.name);
        LoadPhase phase;
        phase.host = QHostAddress(server.baseUrl().host());
        phase.port = static_cast<quint16>(server.baseUrl().port());
        phase.connections = spec.connections;
        phase.durationMs = parser.value(u"seconds"_s).toLongLong() * 1000;
        phase.warmupMs = 2'000;
        phase.request = [&w = *workload, kind = spec.kind](int index, qint64 n) {
            return requestFor(w, kind, index, n);
        };
        const LoadResult r = runLoad(phase);
        const bool met = targetMet(spec.target, r.latency) && (spec.kind != Kind::Mixed || r.errors == 0);
        allMet = allMet && met;
        QString errors = QString::number(r.errors);
        if (!r.firstError.isEmpty())
            errors += u" (first: "_s + r.firstError + u')';
        table.addRow({spec.name, formatCount(spec.connections), formatRate(r.requests, r.elapsedNs),
                      formatMillis(r.latency.p50Ns), formatMillis(r.latency.p99Ns),
                      formatMillis(r.latency.maxNs), errors, targetCell(spec.target, r.latency)});
    }
    report(u"## bench_load — %1, load %2, %3\n\n%4"_s.arg(nowUtcText(), loadAverage(), tzSetting(),
                                                          table.render()));
    return allMet ? 0 : 3;
}
