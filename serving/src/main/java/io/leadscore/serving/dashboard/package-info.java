/** The managers' dashboard served by the server: its page, login, JSON API and live figures. */
package io.leadscore.serving.dashboard;
