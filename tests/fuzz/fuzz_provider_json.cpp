// Every provider's JSON (and Vercel's NDJSON) and the runbook file through their parsers: whatever
// the bytes, a parser returns a value or an error, never crashes, hangs or reads out of bounds.
#include "providers/anthropic/anthropicparser.h"
#include "providers/github/githubparser.h"
#include "providers/openai/openaiparser.h"
#include "providers/vercel/vercelparser.h"
#include "runbook/jsonlines.h"
#include "runbook/runbook.h"

#include <QByteArray>

using namespace opsdeck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)parseAnthropicCostReport(body);
    (void)parseAnthropicUsageReport(body);
    (void)parseAnthropicApiKeys(body);
    (void)parseAnthropicError(body);
    (void)parseWorkflowRuns(body);
    (void)parsePublicKey(body);
    (void)parseSecrets(body);
    (void)parsePullRequest(body);
    (void)parseCompare(body);
    (void)parseDependabotAlerts(body);
    (void)parseGithubError(body);
    (void)parseOpenAiCosts(body);
    (void)parseOpenAiCompletionsUsage(body);
    (void)parseOpenAiError(body);
    (void)parseDeployments(body);
    (void)parseProjects(body);
    (void)parseRuntimeLogs(body);
    (void)parseRequestLogs(body);
    (void)parseVercelError(body);
    (void)parseRunbook(body, QStringLiteral("fuzz.json"));
    (void)parseJsonWithLines(body, QStringLiteral("fuzz.json"));
    return 0;
}
