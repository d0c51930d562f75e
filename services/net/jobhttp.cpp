// JobBase's HTTP driver (declared in core/job.h): a job has at most one request in flight, which
// is aborted when the job is cancelled, destroyed or finished.
#include "core/job.h"

#include "net/httpclient.h"

namespace opsdeck {

void JobBase::send(HttpClient &http, HttpRequest request, ResponseHandler onDone)
{
    sendStreaming(http, std::move(request), {}, std::move(onDone));
}

void JobBase::sendStreaming(HttpClient &http, HttpRequest request, std::function<void(const QByteArray &)> onChunk,
                            ResponseHandler onDone)
{
    if (isFinished())
        return;
    HttpReply *reply = http.send(std::move(request));
    const QPointer<HttpReply> guard(reply);
    // Setting the abort first aborts the previous request, if one is still in flight.
    setAbort([this, guard]() {
        if (!guard)
            return;
        // Disconnect first: the reply may report its cancellation synchronously, and by then this
        // object may no longer be a complete Job<T>.
        QObject::disconnect(guard, nullptr, this, nullptr);
        if (!guard->isFinished())
            guard->cancel();
    });
    if (onChunk) {
        connect(reply, &HttpReply::chunk, this, [this, onChunk = std::move(onChunk)](const QByteArray &data) {
            if (!isFinished())
                onChunk(data);
        });
    }
    connect(reply, &HttpReply::finished, this, [this, onDone = std::move(onDone)](const Result<HttpResponse> &result) {
        if (!isFinished())
            onDone(result);
    });
}

} // namespace opsdeck
