#pragma once

#include "core/result.h"
#include "net/httprequest.h"
#include "core/job.h"

#include <QCoreApplication>
#include <QList>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>

namespace opsdeck {

// One page as a provider client understood it.
template <typename Item>
struct PageStep {
    QList<Item> items;
    std::optional<HttpRequest> next;  // nullopt: this was the last page
    QString cursor;                   // what selects the next page (until, next_page...), if any
};

// Turns one response into a page (or an Error); collected = items gathered before this page.
template <typename Item>
using PageHandler = std::function<Result<PageStep<Item>>(const HttpResponse &response, qsizetype collected)>;

// Follows pages one request at a time until `limit` items (limit <= 0: all of them), the last
// page, an error, or job->cancel(). A next-page URL or cursor that repeats, or more than maxPages
// pages, end the job with BadResponse instead of looping forever.
template <typename Item>
class Pager
{
    Q_DECLARE_TR_FUNCTIONS(opsdeck::Pager)
public:
    static void run(Job<QList<Item>> *job, HttpClient &http, HttpRequest first, qsizetype limit,
                    PageHandler<Item> handle, int maxPages = 500)
    {
        auto state = std::make_shared<State>(State{job, &http, limit, std::move(handle), maxPages, {}, {}, {}});
        fetch(state, std::move(first));
    }

private:
    struct State {
        Job<QList<Item>> *job;
        HttpClient *http;
        qsizetype limit;
        PageHandler<Item> handle;
        int maxPages;
        QList<Item> items;
        QSet<QUrl> seen;
        QSet<QString> cursors;
    };

    static void fetch(const std::shared_ptr<State> &state, HttpRequest request)
    {
        const QString provider = request.provider;
        if (state->seen.contains(request.url) || state->seen.size() >= state->maxPages) {
            state->job->finish(makeError(ErrorKind::BadResponse,
                                         tr("%1 keeps returning more pages (stopped after %2)")
                                             .arg(provider)
                                             .arg(state->seen.size()),
                                         request.url.path()));
            return;
        }
        state->seen.insert(request.url);
        state->job->send(*state->http, std::move(request), [state](const Result<HttpResponse> &result) {
            if (!result.ok()) {
                state->job->finish(result.error());
                return;
            }
            Result<PageStep<Item>> step = state->handle(result.value(), state->items.size());
            if (!step.ok()) {
                state->job->finish(step.error());
                return;
            }
            for (Item &item : step.value().items) {
                if (state->limit > 0 && state->items.size() >= state->limit)
                    break;
                state->items.append(std::move(item));
            }
            const bool full = state->limit > 0 && state->items.size() >= state->limit;
            if (full || !step.value().next) {
                state->job->finish(std::move(state->items));
                return;
            }
            const QString &cursor = step.value().cursor;
            if (!cursor.isEmpty() && state->cursors.contains(cursor)) {
                state->job->finish(makeError(ErrorKind::BadResponse,
                                             tr("%1 returned the same page cursor twice").arg(step.value().next->provider),
                                             cursor.left(100)));
                return;
            }
            if (!cursor.isEmpty())
                state->cursors.insert(cursor);
            fetch(state, std::move(*step.value().next));
        });
    }
};

} // namespace opsdeck
