"""/subscribe, /unsubscribe and /subscriptions."""

from __future__ import annotations

from bot.chat.messages import Reply
from bot.domain.models import KindFilter
from bot.errors import UsageError
from handlers import args
from handlers.base import CommandRequest, HandlerDeps

KIND_TEXT = {
    KindFilter.ALL: "AI-talent and AI-investment news",
    KindFilter.TALENT: "AI-talent news",
    KindFilter.INVESTMENT: "AI-investment news",
}


async def subscribe(req: CommandRequest, deps: HandlerDeps) -> Reply:
    name, kind = args.split_kind(args.words(req))
    if not name:
        raise UsageError("Which company? Usage: /subscribe <company> [talent|investment|all]")
    company = args.company(deps.registry, name)
    channel = await deps.store.channels.ensure(req.channel_ref, deps.now())
    changed = await deps.store.channels.subscribe(channel.id, company.name, kind, deps.now())
    if not changed:
        return Reply(text=f"This channel already follows {company.name} ({KIND_TEXT[kind]}).", ephemeral=True)
    return Reply(text=f"Subscribed this channel to {company.name}: {KIND_TEXT[kind]}.")


async def unsubscribe(req: CommandRequest, deps: HandlerDeps) -> Reply:
    name = " ".join(args.words(req))
    if not name:
        raise UsageError("Which company? Usage: /unsubscribe <company|all>")
    channel = await deps.store.channels.find(req.channel_ref)
    if name.lower() == "all":
        removed = await deps.store.channels.unsubscribe(channel.id, None) if channel else 0
        return Reply(
            text=f"Removed all {removed} subscription(s) of this channel."
            if removed
            else "This channel had no subscriptions."
        )
    company = args.company(deps.registry, name)
    removed = await deps.store.channels.unsubscribe(channel.id, company.name) if channel else 0
    if not removed:
        return Reply(text=f"This channel was not subscribed to {company.name}.", ephemeral=True)
    return Reply(text=f"Unsubscribed this channel from {company.name}.")


async def subscriptions(req: CommandRequest, deps: HandlerDeps) -> Reply:
    channel = await deps.store.channels.find(req.channel_ref)
    subs = await deps.store.channels.subscriptions_of(channel.id) if channel else []
    if channel is None or not subs:
        return Reply(text="This channel has no subscriptions yet. Try /subscribe amazon", ephemeral=True)
    lines = [f"• {s.company}: {KIND_TEXT[s.kinds]}" for s in subs]
    d = channel.digest
    digest = f"daily at {d.time:%H:%M} {d.timezone}" if d.enabled else "off"
    paused = "\nDelivery is paused: the bot lost access to this channel." if channel.paused else ""
    return Reply(text="This channel follows:\n" + "\n".join(lines) + f"\nDigest: {digest}.{paused}")
