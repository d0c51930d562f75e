#pragma once

namespace opsdeck {

// Faults the sandbox injects for one provider ("vercel", "github", "openai", "anthropic",
// "health"). Counters count down as requests consume them.
struct SandboxFaults {
    int rateLimitNext = 0;          // the provider's own 429 (GitHub: 403, remaining 0)
    int retryAfterSec = 1;          // Retry-After on rate limits; <= 0 sends none
    bool secondaryRateLimit = false;// GitHub: a secondary limit (403, remaining > 0)
    int serverErrorNext = 0;        // the provider's own 500
    int overloadedNext = 0;         // Anthropic 529 overloaded_error, others 503
    int slowMs = 0;                 // delay every response by this much
    bool truncateNext = false;      // send half the body, then close the connection
    bool htmlErrorNext = false;     // a proxy's HTML 502 page
    bool spendLimitNext = false;    // Anthropic 429 spend limit / OpenAI 429 insufficient_quota
    bool openAiAmountsAsStrings = false;  // OpenAI costs: amount.value as a string
};

} // namespace opsdeck
