#include "sandbox/sandbox.h"

#include "sandbox/anthropicroutes.h"
#include "sandbox/githubroutes.h"
#include "sandbox/healthroutes.h"
#include "sandbox/openairoutes.h"
#include "sandbox/providerroutes.h"
#include "sandbox/sandboxrouter.h"
#include "sandbox/sandboxworld.h"
#include "sandbox/vercelroutes.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

namespace opsdeck {

struct Sandbox::Provider {
    QString name;  // fault switch key
    std::unique_ptr<ProviderRoutes> routes;
    SandboxRouter router;
};

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put: return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head: return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QByteArrayLiteral("PATCH");
    default: return QByteArrayLiteral("UNKNOWN");
    }
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 202: return QByteArrayLiteral("Accepted");
    case 204: return QByteArrayLiteral("No Content");
    case 304: return QByteArrayLiteral("Not Modified");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 402: return QByteArrayLiteral("Payment Required");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 409: return QByteArrayLiteral("Conflict");
    case 422: return QByteArrayLiteral("Unprocessable Entity");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 529: return QByteArrayLiteral("Site Overloaded");
    default: return QByteArrayLiteral("Status");
    }
}

QList<std::pair<QString, QString>> parseQuery(const QByteArray &encoded)
{
    QList<std::pair<QString, QString>> items;
    for (const QByteArray &part : encoded.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        const QByteArray key = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        items.append({QUrl::fromPercentEncoding(key), QUrl::fromPercentEncoding(value)});
    }
    return items;
}

SandboxReply badGatewayPage()
{
    SandboxReply reply;
    reply.status = 502;
    reply.contentType = QByteArrayLiteral("text/html");
    reply.body = QByteArrayLiteral("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                                   "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                                   "</body>\r\n</html>\r\n");
    return reply;
}

bool isRollbackPost(const QByteArray &method, const QString &path)
{
    static const QRegularExpression rollback(QStringLiteral("^/vercel/v(1|9)/projects/[^/]+/rollback/[^/]+/?$"));
    return method == "POST" && rollback.match(path).hasMatch();
}

} // namespace

Sandbox::Sandbox(SandboxOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    if (!m_options.now.isValid())
        m_options.now = QDateTime::currentDateTimeUtc();
    m_world = std::make_unique<SandboxWorld>(m_options.seed, m_options.now);
    m_clock.start();
    const auto add = [this](const QString &prefix, const QString &name, std::unique_ptr<ProviderRoutes> routes) {
        auto provider = std::make_unique<Provider>();
        provider->name = name;
        provider->routes = std::move(routes);
        provider->routes->install(provider->router);
        m_providers.emplace(prefix, std::move(provider));
    };
    add(QStringLiteral("vercel"), QStringLiteral("vercel"), std::make_unique<VercelRoutes>(*m_world));
    add(QStringLiteral("github"), QStringLiteral("github"), std::make_unique<GithubRoutes>(*m_world));
    add(QStringLiteral("openai"), QStringLiteral("openai"), std::make_unique<OpenAiRoutes>(*m_world));
    add(QStringLiteral("anthropic"), QStringLiteral("anthropic"), std::make_unique<AnthropicRoutes>(*m_world));
    add(QStringLiteral("app"), QStringLiteral("health"), std::make_unique<HealthRoutes>(*m_world));
}

Sandbox::~Sandbox() = default;

Result<quint16> Sandbox::start()
{
    if (m_port != 0)
        return m_port;
    m_server = std::make_unique<QHttpServer>();
    // Every request goes through one handler: the sandbox routes itself, so that faults, auth,
    // provider headers and delayed answers apply uniformly.
    m_server->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handle(request, std::move(responder));
    });
    const quint16 port = m_server->listen(QHostAddress::LocalHost, m_options.port);
    if (port == 0) {
        m_server.reset();
        return makeError(ErrorKind::Network, tr("The demo sandbox could not listen on port %1.").arg(m_options.port),
                         QStringLiteral("QHttpServer::listen(127.0.0.1, %1) failed").arg(m_options.port));
    }
    m_port = port;
    return port;
}

QUrl Sandbox::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

static QUrl withPath(QUrl url, const QString &path)
{
    url.setPath(path);
    return url;
}

QUrl Sandbox::vercelApi() const { return withPath(baseUrl(), QStringLiteral("/vercel")); }
QUrl Sandbox::githubApi() const { return withPath(baseUrl(), QStringLiteral("/github")); }
QUrl Sandbox::openaiApi() const { return withPath(baseUrl(), QStringLiteral("/openai")); }
QUrl Sandbox::anthropicApi() const { return withPath(baseUrl(), QStringLiteral("/anthropic")); }
QUrl Sandbox::healthUrl() const { return withPath(baseUrl(), QStringLiteral("/app/api/health")); }

void Sandbox::setFaults(const QString &provider, const SandboxFaults &faults)
{
    m_faults.insert(provider, faults);
}

SandboxFaults Sandbox::faults(const QString &provider) const
{
    return m_faults.value(provider);
}

int Sandbox::requestCount(const QString &pathPrefix) const
{
    int count = 0;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        if (it.key().startsWith(pathPrefix))
            count += it.value();
    }
    return count;
}

QByteArray Sandbox::issueKey(const QString &kind, const QString &name)
{
    return m_world->issueKey(kind, nowUtc().toMSecsSinceEpoch(), name);
}

std::optional<QByteArray> Sandbox::decryptedSecret(const QString &name) const
{
    return m_world->decryptedSecret(name);
}

QDateTime Sandbox::nowUtc() const
{
    return QDateTime::fromMSecsSinceEpoch(m_world->startMs() + m_clock.elapsed(), Qt::UTC);
}

void Sandbox::handle(const QHttpServerRequest &httpRequest, QHttpServerResponder &&responder)
{
    const QUrl url = httpRequest.url();
    const QString fullPath = url.path(QUrl::FullyDecoded);
    SandboxRequest request;
    request.method = methodName(httpRequest.method());
    request.query = parseQuery(url.query(QUrl::FullyEncoded).toLatin1());
    for (const auto &header : httpRequest.headers())
        request.headers.append({header.first.toLower(), header.second});
    request.body = httpRequest.body();
    request.nowMs = nowUtc().toMSecsSinceEpoch();
    request.requestId = QStringLiteral("req_011Sandbox%1").arg(++m_requestSeq, 12, 10, QLatin1Char('0'));
    m_counts[fullPath] += 1;
    if (isRollbackPost(request.method, fullPath))
        ++m_rollbackPosts;

    const QStringList segments = fullPath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const auto it = segments.isEmpty() ? m_providers.end() : m_providers.find(segments.first());
    SandboxReply reply;
    bool truncate = false;
    int delayMs = 0;
    if (it == m_providers.end()) {
        reply = SandboxReply::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("No such sandbox path")}}, 404);
    } else {
        Provider &provider = *it->second;
        request.path = QLatin1Char('/') + segments.mid(1).join(QLatin1Char('/'));
        request.apiBase = withPath(baseUrl(), QLatin1Char('/') + segments.first());
        request.faults = m_faults.value(provider.name);
        reply = answer(provider, request, &truncate);
        delayMs = request.faults.slowMs + provider.routes->latencyMs(request);
    }
    Q_EMIT requestServed(QString::fromLatin1(request.method), fullPath, reply.status);

    if (delayMs <= 0) {
        send(responder, reply, truncate);
        return;
    }
    auto shared = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = shared->socket();
    QTimer::singleShot(delayMs, this, [this, shared, socket, reply, truncate] {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            send(*shared, reply, truncate);
    });
}

SandboxReply Sandbox::answer(Provider &provider, SandboxRequest &request, bool *truncate)
{
    SandboxFaults &faults = m_faults[provider.name];
    if (faults.htmlErrorNext) {
        faults.htmlErrorNext = false;
        return badGatewayPage();
    }
    provider.routes->prepare(request);
    std::optional<SandboxReply> reply;
    const auto consume = [&](int &counter, SandboxFault kind) {
        if (reply || counter <= 0)
            return;
        reply = provider.routes->fault(kind, faults, request);
        if (reply)
            --counter;
    };
    consume(faults.serverErrorNext, SandboxFault::ServerError);
    consume(faults.overloadedNext, SandboxFault::Overloaded);
    consume(faults.rateLimitNext, SandboxFault::RateLimit);
    if (!reply && faults.spendLimitNext) {
        reply = provider.routes->fault(SandboxFault::SpendLimit, faults, request);
        if (reply)
            faults.spendLimitNext = false;
    }
    if (!reply)
        reply = provider.routes->checkAuth(request);
    if (!reply) {
        QStringList args;
        if (const SandboxRouter::Handler *handler = provider.router.match(request.method, request.path, &args)) {
            request.args = args;
            reply = (*handler)(request);
        } else {
            reply = provider.routes->notFound(request);
        }
        if (faults.truncateNext && reply->body.size() > 1) {
            faults.truncateNext = false;
            *truncate = true;
        }
    }
    provider.routes->finish(request, *reply);
    return *reply;
}

void Sandbox::send(QHttpServerResponder &responder, const SandboxReply &reply, bool truncate)
{
    // Written by hand so that any status (529 included) and any header set goes out as is.
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    if (!reply.contentType.isEmpty())
        head += "Content-Type: " + reply.contentType + "\r\n";
    for (const auto &header : reply.headers)
        head += header.first + ": " + header.second + "\r\n";
    head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n";
    QTcpSocket *socket = responder.socket();
    if (!truncate) {
        socket->write(head + reply.body);
        return;
    }
    // Half the promised body, then the connection drops: a reset mid-JSON.
    socket->write(head + reply.body.left(reply.body.size() / 2));
    socket->flush();
    socket->disconnectFromHost();
}

} // namespace opsdeck
