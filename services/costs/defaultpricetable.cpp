// The built-in price table: a copy of resources/pricing/default.json (the services library has no
// Qt resources). unit_test_costpricing checks that the two are the same table; edit the JSON file
// and paste it here.
#include "costs/pricetable.h"

namespace opsdeck {

QByteArray PriceTable::builtInJson()
{
    static const char json[] = R"json({
  "version": 1,
  "asOf": "2026-11-01",
  "currency": "USD",
  "unit": "USD per 1M tokens",
  "rules": "A missing cache price follows the provider's rule: Anthropic 5-minute write 1.25x input, 1-hour write 2x input, cache hit 0.1x input; OpenAI has no cache-write premium (input price). Batch and Flex are 50% of these standard prices.",
  "sources": {"anthropic": "platform.claude.com/docs/en/about-claude/pricing (api-reference.md section 5)", "openai": "developers.openai.com/api/docs/pricing as reported by third parties (api-reference.md section 5)"},
  "models": [
    {"provider": "anthropic", "model": "claude-opus-4-5", "input": 5.0, "cachedInput": 0.5, "cacheWrite5m": 6.25, "cacheWrite1h": 10.0, "output": 25.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-opus-4-6", "input": 5.0, "cachedInput": 0.5, "cacheWrite5m": 6.25, "cacheWrite1h": 10.0, "output": 25.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-opus-4-7", "input": 5.0, "cachedInput": 0.5, "cacheWrite5m": 6.25, "cacheWrite1h": 10.0, "output": 25.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-opus-4-8", "input": 5.0, "cachedInput": 0.5, "cacheWrite5m": 6.25, "cacheWrite1h": 10.0, "output": 25.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-opus-5", "input": 5.0, "cachedInput": 0.5, "cacheWrite5m": 6.25, "cacheWrite1h": 10.0, "output": 25.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-opus-4-1", "input": 15.0, "cachedInput": 1.5, "cacheWrite5m": 18.75, "cacheWrite1h": 30.0, "output": 75.0, "asOf": "2026-11-01", "note": "legacy"},
    {"provider": "anthropic", "model": "claude-opus-4", "input": 15.0, "cachedInput": 1.5, "cacheWrite5m": 18.75, "cacheWrite1h": 30.0, "output": 75.0, "asOf": "2026-11-01", "note": "legacy"},
    {"provider": "anthropic", "model": "claude-sonnet-4", "input": 3.0, "cachedInput": 0.3, "cacheWrite5m": 3.75, "cacheWrite1h": 6.0, "output": 15.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-sonnet-4-5", "input": 3.0, "cachedInput": 0.3, "cacheWrite5m": 3.75, "cacheWrite1h": 6.0, "output": 15.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-sonnet-4-6", "input": 3.0, "cachedInput": 0.3, "cacheWrite5m": 3.75, "cacheWrite1h": 6.0, "output": 15.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-sonnet-5", "input": 2.0, "cachedInput": 0.2, "cacheWrite5m": 2.5, "cacheWrite1h": 4.0, "output": 10.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-sonnet-5-5", "input": 2.0, "cachedInput": 0.1, "cacheWrite5m": 2.5, "cacheWrite1h": 4.0, "output": 10.0, "asOf": "2026-10-07", "note": "cache hit cut from 0.20 to 0.10 on 2026-10-07 [code: release notes]"},
    {"provider": "anthropic", "model": "claude-haiku-4-5", "input": 1.0, "cachedInput": 0.1, "cacheWrite5m": 1.25, "cacheWrite1h": 2.0, "output": 5.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-3-5-haiku", "input": 0.8, "cachedInput": 0.08, "cacheWrite5m": 1.0, "cacheWrite1h": 1.6, "output": 4.0, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-3-haiku", "input": 0.25, "cachedInput": 0.03, "cacheWrite5m": 0.3, "cacheWrite1h": 0.5, "output": 1.25, "asOf": "2026-11-01"},
    {"provider": "anthropic", "model": "claude-opus-5-5", "input": 4.0, "cachedInput": null, "cacheWrite5m": null, "cacheWrite1h": null, "output": 20.0, "asOf": "2026-11-01", "note": "cache prices not published [unsure]: derived by the 1.25x / 2x / 0.1x rules"},
    {"provider": "anthropic", "model": "claude-fable-5-1", "input": 10.0, "cachedInput": 0.25, "cacheWrite5m": 12.5, "cacheWrite1h": 20.0, "output": 50.0, "asOf": "2026-11-01"},
    {"provider": "openai", "model": "gpt-5.5", "input": 5.0, "cachedInput": 0.5, "cacheWrite5m": null, "cacheWrite1h": null, "output": 30.0, "asOf": "2026-06-01"},
    {"provider": "openai", "model": "gpt-5.4", "input": 2.5, "cachedInput": 0.25, "cacheWrite5m": null, "cacheWrite1h": null, "output": 15.0, "asOf": "2026-06-01"},
    {"provider": "openai", "model": "gpt-5.4-mini", "input": 0.75, "cachedInput": 0.075, "cacheWrite5m": null, "cacheWrite1h": null, "output": 4.5, "asOf": "2026-06-01"},
    {"provider": "openai", "model": "gpt-5.4-nano", "input": 0.2, "cachedInput": 0.02, "cacheWrite5m": null, "cacheWrite1h": null, "output": 1.25, "asOf": "2026-06-01"},
    {"provider": "openai", "model": "gpt-5", "input": 1.25, "cachedInput": 0.125, "cacheWrite5m": null, "cacheWrite1h": null, "output": 10.0, "asOf": "2026-01-01", "note": "one site says cached 0.625 [unsure]"},
    {"provider": "openai", "model": "gpt-5-mini", "input": 0.25, "cachedInput": 0.025, "cacheWrite5m": null, "cacheWrite1h": null, "output": 2.0, "asOf": "2026-01-01"},
    {"provider": "openai", "model": "gpt-4.1", "input": 2.0, "cachedInput": 0.5, "cacheWrite5m": null, "cacheWrite1h": null, "output": 8.0, "asOf": "2026-01-01"},
    {"provider": "openai", "model": "gpt-4.1-mini", "input": 0.4, "cachedInput": 0.1, "cacheWrite5m": null, "cacheWrite1h": null, "output": 1.6, "asOf": "2026-01-01"},
    {"provider": "openai", "model": "gpt-4o", "input": 2.5, "cachedInput": 1.25, "cacheWrite5m": null, "cacheWrite1h": null, "output": 10.0, "asOf": "2026-01-01"},
    {"provider": "openai", "model": "gpt-4o-mini", "input": 0.15, "cachedInput": 0.075, "cacheWrite5m": null, "cacheWrite1h": null, "output": 0.6, "asOf": "2026-01-01"},
    {"provider": "openai", "model": "o3", "input": 2.0, "cachedInput": 0.5, "cacheWrite5m": null, "cacheWrite1h": null, "output": 8.0, "asOf": "2026-01-01"},
    {"provider": "openai", "model": "o4-mini", "input": 1.1, "cachedInput": 0.275, "cacheWrite5m": null, "cacheWrite1h": null, "output": 4.4, "asOf": "2026-01-01"}
  ]
}
)json";
    return QByteArray(json);
}

} // namespace opsdeck
