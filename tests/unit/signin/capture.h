#pragma once

#include <functional>
#include <memory>
#include <optional>

namespace creditdesk::test {

// Collects the result of an asynchronous callback; wait with
// QTRY_VERIFY(capture.done()). `calls()` proves "exactly once".
template <typename T>
class Capture {
public:
    [[nodiscard]] std::function<void(T)> callback()
    {
        return [state = m_state](T value) {
            ++state->calls;
            state->value = std::move(value);
        };
    }
    [[nodiscard]] bool done() const { return m_state->value.has_value(); }
    [[nodiscard]] int calls() const { return m_state->calls; }
    [[nodiscard]] const T &value() const { return *m_state->value; }
    [[nodiscard]] const T *operator->() const { return &*m_state->value; }
    void reset() { *m_state = State(); }

private:
    struct State {
        std::optional<T> value;
        int calls = 0;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

} // namespace creditdesk::test
