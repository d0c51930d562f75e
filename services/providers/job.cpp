#include "providers/job.h"

#include "net/httpclient.h"

#include <QCoreApplication>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::Job)
};
} // namespace

JobBase::JobBase(QObject *parent) : QObject(parent) {}

JobBase::~JobBase()
{
    abortReply();
}

void JobBase::abortReply()
{
    if (!m_reply)
        return;
    // Disconnect first: the reply may report its cancellation synchronously, and by then this
    // object is no longer a complete Job<T>.
    QObject::disconnect(m_reply, nullptr, this, nullptr);
    if (!m_reply->isFinished())
        m_reply->cancel();
    m_reply.clear();
}

void JobBase::cancel()
{
    if (m_finished)
        return;
    storeCancelled(makeError(ErrorKind::Cancelled, Tr::tr("Cancelled")));
    beginFinish();
}

bool JobBase::beginFinish()
{
    if (m_finished)
        return false;
    m_finished = true;
    abortReply();
    QMetaObject::invokeMethod(
        this,
        [this]() {
            Q_EMIT finished();
            deleteLater();
        },
        Qt::QueuedConnection);
    return true;
}

void JobBase::send(HttpClient &http, HttpRequest request, ResponseHandler onDone)
{
    sendStreaming(http, std::move(request), {}, std::move(onDone));
}

void JobBase::sendStreaming(HttpClient &http, HttpRequest request, std::function<void(const QByteArray &)> onChunk,
                            ResponseHandler onDone)
{
    if (m_finished)
        return;
    abortReply();
    HttpReply *reply = http.send(std::move(request));
    m_reply = reply;
    if (onChunk) {
        connect(reply, &HttpReply::chunk, this, [this, onChunk = std::move(onChunk)](const QByteArray &data) {
            if (!m_finished)
                onChunk(data);
        });
    }
    connect(reply, &HttpReply::finished, this,
            [this, reply, onDone = std::move(onDone)](const Result<HttpResponse> &result) {
                if (m_reply == reply)
                    m_reply.clear();
                if (!m_finished)
                    onDone(result);
            });
}

void JobBase::schedule(Clock &clock, qint64 delayMs, std::function<void()> fn)
{
    clock.schedule(delayMs, this, [this, fn = std::move(fn)]() {
        if (!m_finished)
            fn();
    });
}

} // namespace opsdeck
