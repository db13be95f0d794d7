#include "server/auth/login_page.h"

#include "server/auth/oauth_util.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

const QString kStyle = uR"(<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:8vh;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:22rem}
h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .3rem}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
.actions{display:flex;gap:.5rem;margin-top:1.2rem}button{padding:.5rem 1rem;font-size:1rem}
.error{color:#b00020;margin:.5rem 0}.scopes{color:#555;font-size:.9rem}
</style>)"_s;

QString document(const QString &title, const QString &body)
{
    return u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"_s
         + htmlEscape(title) + u"</title>"_s + kStyle + u"</head><body><main>"_s + body + u"</main></body></html>\n"_s;
}

} // namespace

QByteArray renderLoginPage(const LoginPage &page)
{
    QString body = u"<h1>Sign in to CreditDesk</h1>"_s;
    body += u"<p class=\"scopes\">"_s + htmlEscape(page.clientName) + u" asks for: "_s
          + htmlEscape(page.scopes.join(u", "_s)) + u"</p>"_s;
    if (!page.errorMessage.isEmpty())
        body += u"<p class=\"error\" role=\"alert\">"_s + htmlEscape(page.errorMessage) + u"</p>"_s;
    body += u"<form method=\"post\" action=\"/oauth/authorize\" autocomplete=\"on\">"
            "<input type=\"hidden\" name=\"transaction\" value=\""_s
          + htmlEscape(page.transaction)
          + u"\"><label for=\"email\">Email</label>"
            "<input id=\"email\" name=\"email\" type=\"email\" required autofocus value=\""_s
          + htmlEscape(page.email)
          + u"\"><label for=\"password\">Password</label>"
            "<input id=\"password\" name=\"password\" type=\"password\" required>"
            "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"sign_in\">Sign in</button>"
            "<button type=\"submit\" name=\"action\" value=\"deny\" formnovalidate>Cancel</button></div></form>"_s;
    return document(u"Sign in – CreditDesk"_s, body).toUtf8();
}

QByteArray renderErrorPage(const QString &title, const QString &message)
{
    return document(title, u"<h1>"_s + htmlEscape(title) + u"</h1><p>"_s + htmlEscape(message) + u"</p>"_s).toUtf8();
}

} // namespace creditdesk::server::auth
