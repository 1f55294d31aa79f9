/** API keys: who may call which route. */
package io.leadscore.serving.security;
