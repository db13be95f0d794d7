#pragma once

#include "core/domain/error.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

// Internal to LicenseManager: delivery of results in CloudClient's style.
namespace creditdesk::licensing::detail {

// `done`, dropped when `context` (if given) is destroyed first.
template <typename T>
std::function<void(Result<T>)> guarded(QObject *context, std::function<void(Result<T>)> done)
{
    const bool guard = context != nullptr;
    QPointer<QObject> target(context);
    return [guard, target, done = std::move(done)](Result<T> result) {
        if (done && (!guard || target))
            done(std::move(result));
    };
}

// An error found before any call: delivered on the next event-loop turn.
template <typename T>
void failLater(QObject *receiver, std::function<void(Result<T>)> done, Error error)
{
    QTimer::singleShot(0, receiver,
                       [done = std::move(done), error = std::move(error)] { done(std::unexpected(error)); });
}

} // namespace creditdesk::licensing::detail
